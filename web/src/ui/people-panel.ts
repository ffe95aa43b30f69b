/**
 * The people in the meeting: name, badges, key fingerprint and its verification state, and for
 * hosts the moderation controls (ask to mute, make host, remove). Marking someone verified needs
 * the person to confirm they compared the security code; nothing is ever shown as verified
 * because a key was merely seen before.
 */
import type { RosterMember } from '../meeting/session.js';
import type { MediaState } from '../meeting/app-messages.js';
import { clear, h } from './dom.js';

export interface PeopleActions {
  askToMute(leaf: number): void;
  setHost(leaf: number, host: boolean): void;
  remove(leaf: number): void;
  setVerified(leaf: number, verified: boolean): void;
}

export class PeoplePanel {
  readonly list = h('ul', { class: 'roster', id: 'roster' });
  readonly element = h('section', { class: 'panel-section people', id: 'people-panel' }, h('h2', {}, 'People'), this.list);
  private roster: readonly RosterMember[] = [];
  private code = '';
  private readonly media = new Map<number, MediaState>();
  private readonly recorders = new Set<number>();

  constructor(private readonly actions: PeopleActions) {}

  setRoster(roster: readonly RosterMember[], securityCode: string): void {
    this.roster = roster;
    this.code = securityCode;
    for (const leaf of [...this.media.keys()]) if (!roster.some((m) => m.leaf === leaf)) this.media.delete(leaf);
    for (const leaf of [...this.recorders]) if (!roster.some((m) => m.leaf === leaf)) this.recorders.delete(leaf);
    this.render();
  }

  setMediaState(leaf: number, state: MediaState): void {
    this.media.set(leaf, state);
    this.render();
  }

  setRecording(leaf: number, on: boolean): void {
    if (on) this.recorders.add(leaf);
    else this.recorders.delete(leaf);
    this.render();
  }

  private render(): void {
    clear(this.list);
    const selfHost = this.roster.some((m) => m.self && m.host);
    for (const m of this.roster) {
      const media = this.media.get(m.leaf);
      // The name is text only (h() appends strings as text nodes); badges are their own elements.
      const li = h('li', {
        'data-leaf': String(m.leaf), 'data-pin': m.pin, 'data-host': m.host, 'data-unauthorised': m.unauthorised === true,
        'data-self': m.self, 'data-muted': media?.muted === true, 'data-camera-off': media?.cameraOff === true,
      },
      h('span', { class: 'name' }, m.name),
      m.self ? h('span', { class: 'badge you' }, 'you') : undefined,
      m.host ? h('span', { class: 'badge host', title: 'Host: listed as host in the meeting\'s encrypted group state' }, 'HOST') : undefined,
      this.recorders.has(m.leaf) ? h('span', { class: 'badge recording', title: 'This member announced that it records the meeting' }, 'REC') : undefined,
      m.unauthorised === true ? h('span', { class: 'badge unauthorised', title: 'Added without an invite proof or a host\'s approval: being removed' }, 'UNAUTHORISED') : undefined,
      media?.muted === true ? h('span', { class: 'state muted', title: 'Microphone muted' }, 'muted') : undefined,
      media?.cameraOff === true ? h('span', { class: 'state camera-off', title: 'Camera off' }, 'camera off') : undefined,
      h('span', { class: `pin ${m.pin}` }, m.self ? 'this device' : pinText(m)),
      h('code', { class: 'fingerprint' }, m.fingerprint));
      if (!m.self) li.append(this.verifyControls(m));
      if (!m.self && selfHost) li.append(this.hostControls(m));
      this.list.append(li);
    }
  }

  private verifyControls(m: RosterMember): HTMLElement {
    const box = h('div', { class: 'verify-box' });
    if (m.pin === 'verified') {
      box.append(h('button', { class: 'unverify', onclick: () => this.actions.setVerified(m.leaf, false) }, 'Unmark verified'));
      return box;
    }
    const start = h('button', { class: 'verify' }, 'Verify…');
    start.addEventListener('click', () => {
      clear(box);
      box.append(
        h('p', { class: 'verify-help' }, 'Ask ', h('b', {}, m.name), ' to read out the security code they see, by voice or video. Mark them verified only if it is ',
          h('code', { class: 'verify-code' }, this.code), '.'),
        h('button', { class: 'confirm-verify primary', onclick: () => this.actions.setVerified(m.leaf, true) }, 'Codes match: mark verified'),
        h('button', { class: 'cancel-verify', onclick: () => this.render() }, 'Cancel'));
    });
    box.append(start);
    return box;
  }

  private hostControls(m: RosterMember): HTMLElement {
    const box = h('div', { class: 'host-controls' });
    box.append(h('button', { class: 'ask-mute', title: 'Ask them to mute: their device asks them', onclick: () => this.actions.askToMute(m.leaf) }, 'Ask to mute'));
    box.append(m.host
      ? h('button', { class: 'remove-host', onclick: () => this.actions.setHost(m.leaf, false) }, 'Remove as host')
      : h('button', { class: 'make-host', onclick: () => this.actions.setHost(m.leaf, true) }, 'Make host'));
    const remove = h('button', { class: 'remove danger' }, 'Remove');
    remove.addEventListener('click', () => {
      clear(box);
      box.append(h('span', {}, `Remove ${m.name} from the meeting?`),
        h('button', { class: 'confirm-remove danger', onclick: () => this.actions.remove(m.leaf) }, 'Remove'),
        h('button', { class: 'cancel-remove', onclick: () => this.render() }, 'Cancel'));
    });
    box.append(remove);
    return box;
  }
}

export function pinText(m: RosterMember): string {
  switch (m.pin) {
    case 'verified':
      return 'verified by you';
    case 'seen':
      return 'key seen before, not verified';
    case 'new':
      return 'new key, not verified';
    case 'changed':
      return `KEY CHANGED (was ${m.pinned ?? '?'})`;
    case 'verified-changed':
      return `VERIFIED KEY CHANGED (verified ${m.pinned ?? '?'})`;
    case 'renamed':
      return `KNOWN KEY, NEW NAME (was "${m.pinned ?? '?'}")`;
  }
}
