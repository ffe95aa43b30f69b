/**
 * The chat: lines with time, sender and text; http(s) addresses as links built with DOM APIs
 * (never markup from the text); bidi controls removed from text and names; an unread count for
 * when the chat is out of view.
 */
import { h } from './dom.js';
import { UnreadCounter, clockTime, linkify, neutraliseBidi } from './text.js';

export class ChatPanel {
  readonly log = h('ol', { class: 'chat-log', id: 'chat-log', 'aria-live': 'polite' });
  readonly input = h('input', { id: 'chat-input', type: 'text', maxlength: '2000', placeholder: 'Message everyone', 'aria-label': 'Chat message', autocomplete: 'off' });
  readonly element: HTMLElement;
  /** Shown on the Chat button: messages that arrived while the chat was out of view. */
  readonly badge = h('span', { class: 'unread', id: 'chat-unread', 'aria-label': 'unread messages', hidden: true });
  private readonly unread = new UnreadCounter();

  constructor(send: (text: string) => void, private readonly changed: () => void) {
    const form = h('form', { class: 'chat-form' }, this.input, h('button', { type: 'submit' }, 'Send'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (text) {
        this.input.value = '';
        send(text);
      }
    });
    this.element = h('section', { class: 'panel-section chat', id: 'chat-panel' }, h('h2', {}, 'Chat'), this.log, form);
  }

  add(name: string, text: string, self: boolean, at: Date = new Date()): void {
    const body = h('span', { class: 'chat-text' });
    for (const seg of linkify(neutraliseBidi(text))) {
      if (seg.kind === 'text') {
        body.append(seg.text);
      } else {
        const a = h('a', { href: seg.href, target: '_blank', rel: 'noopener noreferrer' });
        a.textContent = seg.text;
        body.append(a);
      }
    }
    const time = h('time', { class: 'chat-time', datetime: at.toISOString() }, clockTime(at));
    this.log.append(h('li', { class: self ? 'self' : '' }, time, ' ', h('b', { class: 'chat-name' }, neutraliseBidi(name)), ' ', body));
    this.log.scrollTop = this.log.scrollHeight;
    this.unread.received(self);
    this.showBadge();
  }

  /** Whether the chat can be seen now: opening it clears the unread count. */
  setOpen(open: boolean): void {
    this.unread.setOpen(open);
    this.showBadge();
  }

  get unreadCount(): number {
    return this.unread.count;
  }

  private showBadge(): void {
    this.badge.textContent = this.unread.badge;
    this.badge.hidden = this.unread.count === 0;
    this.changed();
  }
}
