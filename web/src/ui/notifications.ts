/**
 * Toasts for what happens in the meeting (someone joined, left, knocked, started recording), the
 * document title while the page is in the background, and an optional short sound.
 */
import { h } from './dom.js';

export type ToastKind = 'join' | 'leave' | 'knock' | 'info' | 'recording' | 'mute-request';

const SOUND_KEY = 'conclave.sounds';

export class Notifier {
  readonly element = h('div', { class: 'toasts', id: 'toasts', role: 'status', 'aria-live': 'polite' });
  readonly log: { kind: ToastKind; text: string }[] = [];
  private sound: boolean;
  private ctx: AudioContext | undefined;
  private readonly baseTitle = document.title || 'Conclave';
  private titleEvent: string | undefined;
  private unread = 0;

  constructor() {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(SOUND_KEY);
    } catch {
      // Storage may be off: sounds default to on.
    }
    this.sound = stored !== 'off';
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') {
        this.titleEvent = undefined;
        this.showTitle();
      }
    });
  }

  get sounds(): boolean {
    return this.sound;
  }

  setSounds(on: boolean): void {
    this.sound = on;
    try {
      localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    } catch {
      // Not kept: fine.
    }
  }

  /** Shows `text` for a few seconds (knocks and mute requests stay until acted on or dismissed). */
  toast(kind: ToastKind, text: string, ...actions: HTMLElement[]): HTMLElement {
    this.log.push({ kind, text });
    // The same news twice in a row is shown once.
    for (const old of this.element.querySelectorAll<HTMLElement>('.toast')) {
      if (old.dataset['kind'] === kind && old.querySelector('.toast-text')?.textContent === text) old.remove();
    }
    const close = h('button', { class: 'dismiss', 'aria-label': 'Dismiss' }, '×');
    const item = h('div', { class: `toast ${kind}`, 'data-kind': kind }, h('span', { class: 'toast-text' }, text), ...actions, close);
    close.addEventListener('click', () => item.remove());
    for (const a of actions) a.addEventListener('click', () => item.remove());
    this.element.append(item);
    while (this.element.childElementCount > 5) this.element.firstElementChild?.remove();
    if (kind !== 'knock' && kind !== 'mute-request') setTimeout(() => item.remove(), 6000);
    if (document.visibilityState !== 'visible') {
      this.titleEvent = text;
      this.showTitle();
    }
    if (this.sound && kind !== 'info') this.beep(kind === 'leave' ? 440 : kind === 'knock' ? 880 : 660);
    return item;
  }

  /** The unread chat count, shown in the title. */
  setUnread(n: number): void {
    this.unread = n;
    this.showTitle();
  }

  private showTitle(): void {
    const prefix = this.unread > 0 ? `(${this.unread}) ` : '';
    document.title = this.titleEvent === undefined ? `${prefix}${this.baseTitle}` : `${prefix}${this.titleEvent} · ${this.baseTitle}`;
  }

  private beep(freq: number): void {
    try {
      this.ctx ??= new AudioContext();
      const osc = this.ctx.createOscillator();
      const gain = this.ctx.createGain();
      gain.gain.setValueAtTime(0.08, this.ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, this.ctx.currentTime + 0.25);
      osc.frequency.value = freq;
      osc.connect(gain).connect(this.ctx.destination);
      osc.start();
      osc.stop(this.ctx.currentTime + 0.25);
    } catch {
      // No sound device: the toast is enough.
    }
  }
}
