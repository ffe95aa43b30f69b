/**
 * The meeting: video grid, controls, chat, roster with key fingerprints, the security code, the
 * host's waiting list, and the connection state. Joins {@link MeetingSession} (MLS, relay) with
 * {@link MediaController} (capture, codecs, SFrame in workers).
 */
import type { EpochInfo, EpochKeys, MeetingSession, RosterMember, SessionStatus } from '../meeting/session.js';
import type { SigningKeys } from '../identity/store.js';
import type { MediaController, Picture } from '../media/controller.js';
import type { Prejoin } from './prejoin.js';
import { MediaTrack } from '../sframe/media.js';
import { clear, h } from './dom.js';
import { displayName } from '../meeting/names.js';
import type { LocalDevices } from '../media/local-devices.js';
import { setCamera, setMicrophone } from './local-controls.js';
import { watchWaitingRoom } from './waiting-room.js';
import { ScreenShare } from './screen-share.js';

export interface JoinChoices {
  readonly meetingId: string;
  readonly name: string;
  readonly stream: MediaStream;
  /** Camera and microphone: off releases the device (local-controls.ts). */
  readonly devices: LocalDevices;
  readonly startMuted: boolean;
  readonly startCameraOff: boolean;
  readonly joinClickedAt: number;
  /** The device's signing key, loaded (or made) in the lobby. */
  readonly identity: Promise<SigningKeys>;
}

interface Tile {
  readonly root: HTMLElement;
  /** Where its decoded pictures show (a `<video>` or a `<canvas>`, by media path). */
  picture: Picture | undefined;
  readonly label: HTMLElement;
}

const STALE_MS = 1500;
/** A screen share without a picture this long has stopped: its tile goes. */
const SCREEN_GONE_MS = 2500;

/** What tests and people debugging read from the page (`window.conclave`). */
export interface PageProbe {
  status: string;
  epoch: string | undefined;
  securityCode: string | undefined;
  roster: readonly RosterMember[];
  chat: { name: string; text: string; self: boolean }[];
  warnings: string[];
  notices: string[];
  /** Leaves of the members that have not confirmed the current epoch. */
  unconfirmed: number[];
  joinClickedAt: number;
  joinedAt: number | undefined;
  firstRemoteFrameAt(): number | undefined;
  levels: Record<number, { rms: number; peak: number }>;
  /** encoded: [track/sequence, encoder output, handed to the page]; decoded: [sender/track/sequence, arrived at the page, decoder input] (wall clock ms). */
  timings(): { encoded: [string, number, number][]; decoded: [string, number, number][] };
  decodeStats(): unknown;
  ownLeaf: number | undefined;
  /** Worst delay of a 100 ms timer in the last 2 s: how far behind the page's event loop runs. */
  lagMs(): number;
  setCanary(hex: string): void;
  sendChat(text: string): Promise<void>;
  rotateInviteLink(): Promise<void>;
  shareScreen(): Promise<void>;
  leave(): void;
  /** The host ends the meeting for everyone (no confirmation dialog). */
  endMeeting(): void;
}

export class MeetingView {
  private readonly media: MediaController;
  private readonly session: MeetingSession;
  private readonly tiles = new Map<string, Tile>();
  private readonly grid = h('div', { class: 'grid', id: 'grid' });
  private readonly codeBox = h('span', { class: 'code', id: 'security-code' }, '…');
  private readonly statusBar = h('div', { class: 'status-bar', id: 'status', role: 'status' });
  private readonly warnings = h('div', { class: 'warnings', id: 'warnings', role: 'alert' });
  /** Members that have not confirmed the current epoch (epoch beacons): shown while the list is not empty. */
  private readonly unconfirmedBox = h('p', { class: 'warning unconfirmed', id: 'unconfirmed', role: 'alert', hidden: true });
  private readonly notices = h('div', { class: 'notices', id: 'notices', role: 'status' });
  /** While waiting to be let in: whether anyone who could is in the meeting (waiting-room.ts). */
  private readonly waitingNote = h('p', { class: 'note', id: 'waiting-note', hidden: true });
  private waitingFor: { byApproval: boolean } | undefined;
  /** The share button follows the capture, also when the browser's own "Stop sharing" ends it. */
  private readonly screen: ScreenShare;
  private readonly rotateButton = h('button', { id: 'rotate-link', hidden: true, title: 'Make a new invite link: the old one stops working' }, 'New link');
  private readonly rosterList = h('ul', { class: 'roster', id: 'roster' });
  private readonly waitingList = h('ul', { class: 'waiting', id: 'waiting' });
  private readonly waitingSection = h('section', { class: 'panel-section', hidden: true }, h('h2', {}, 'Waiting to join'), this.waitingList);
  private readonly chatLog = h('ol', { class: 'chat-log', id: 'chat-log' });
  private readonly inviteBox = h('input', { id: 'invite-link', readonly: true, 'aria-label': 'Invite link' });
  private roster: readonly RosterMember[] = [];
  private muted: boolean;
  private cameraOff: boolean;
  private readonly probe: PageProbe;
  private readonly selfTile: HTMLElement;
  /** What the connection did while in the lobby, shown once the view is up. */
  private readonly lobbyStatus: SessionStatus | undefined;

  constructor(private readonly root: HTMLElement, private readonly choices: JoinChoices, prejoin: Prejoin) {
    this.muted = choices.startMuted;
    this.cameraOff = choices.startCameraOff;
    this.media = prejoin.media;
    this.screen = new ScreenShare(this.media, h('button', { id: 'toggle-screen' }, 'Share screen'), (t) => this.warn(t));
    this.session = prejoin.session;
    this.lobbyStatus = prejoin.lastStatus;
    this.media.setEvents({
      video: (sender, track, picture) => this.showVideo(sender, track, picture),
      activity: (idleMs) => this.markStale(idleMs),
      keyframeNeeded: (sender, track) => this.session.requestKeyframe(sender, track),
      levels: (levels) => this.showLevels(levels),
      localLevel: (level) => this.selfTile.classList.toggle('speaking', !this.muted && level > 0.02),
      error: (message) => console.warn(message),
    });
    const preview = h('video', { autoplay: true, muted: true, playsinline: true });
    preview.muted = true;
    preview.srcObject = choices.stream;
    this.selfTile = h('div', { class: 'tile self', 'data-self': true }, preview, h('span', { class: 'label' }, `${displayName(choices.name)} (you)`));
    const probeChat: PageProbe['chat'] = [];
    const lags: [number, number][] = [];
    let tick = performance.now();
    setInterval(() => {
      const now = performance.now();
      lags.push([now, now - tick - 100]);
      if (lags.length > 20) lags.shift();
      tick = now;
    }, 100);
    this.probe = {
      status: 'connecting', epoch: undefined, securityCode: undefined, roster: [], chat: probeChat, warnings: [], notices: [], unconfirmed: [],
      joinClickedAt: choices.joinClickedAt, joinedAt: undefined, levels: {}, ownLeaf: undefined,
      firstRemoteFrameAt: () => this.media.firstRemoteFrameAt,
      timings: () => ({
        encoded: [...this.media.timings.encoded].map(([k, [a, b]]) => [k, a, b]),
        decoded: [...this.media.timings.decoded].map(([k, [a, b]]) => [k, a, b]),
      }),
      decodeStats: () => this.media.decodeStats,
      lagMs: () => Math.max(0, ...lags.filter(([at]) => performance.now() - at < 2000).map(([, lag]) => lag)),
      setCanary: (hex) => this.media.setCanary(Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16))),
      sendChat: (text) => this.session.sendChat(text),
      rotateInviteLink: () => this.session.rotateInviteLink(),
      shareScreen: () => this.toggleScreen(),
      leave: () => this.leave(),
      endMeeting: () => this.session.endMeeting(),
    };
    // Test builds only (vite mode e2e): the production bundle exposes no probe.
    if (__CONCLAVE_TEST_HOOKS__) (window as unknown as { conclave: PageProbe }).conclave = this.probe;
  }

  async start(): Promise<void> {
    this.render();
    // Called before any await, within the click's user activation, so playback may start; the
    // lobby already loaded its worklet. Without playback one can still take part.
    const playback = this.media.startAudio().then(
      () => performance.mark('conclave:audio-started'),
      (e: unknown) => this.warn(`Sound cannot be played: ${String(e)}`));
    this.session.setListener({
      status: (s) => this.showStatus(s),
      keys: (k) => this.onKeys(k),
      epoch: (e) => this.onEpoch(e),
      chat: (m) => this.addChat(m.name, m.text, m.self),
      joinRequest: (r) => this.addWaiting(r.from, r.name, r.fingerprint),
      joinRequestGone: (from) => this.waitingList.querySelector(`[data-from="${from}"]`)?.remove(),
      warning: (text) => this.warn(text),
      notice: (text) => this.note(text),
      unconfirmed: (members) => this.showUnconfirmed(members),
      keyframeRequest: (track) => this.media.keyframe(track),
    });
    if (this.lobbyStatus !== undefined) this.showStatus(this.lobbyStatus);
    const keys = await this.choices.identity;
    performance.mark('conclave:identity-loaded');
    await this.session.join(this.choices.name, keys);
    const problems = await Promise.all([setCamera(this.media, this.choices.devices, !this.cameraOff), setMicrophone(this.media, this.choices.devices, !this.muted)]);
    problems.forEach((p) => p !== undefined && this.warn(p));
    await playback;
  }

  private render(): void {
    clear(this.root);
    this.rotateButton.addEventListener('click', () => void this.session.rotateInviteLink().catch((e: unknown) => this.warn(`The invite link could not be changed: ${String(e)}`)));
    const link = h('div', { class: 'invite' }, this.inviteBox,
      h('button', { id: 'copy-link', onclick: () => void navigator.clipboard?.writeText(this.inviteBox.value) }, 'Copy invite link'),
      this.rotateButton);
    const mute = h('button', { id: 'toggle-mic', 'aria-pressed': String(this.muted) }, this.muted ? 'Unmute' : 'Mute');
    mute.addEventListener('click', () => {
      this.muted = !this.muted;
      const muted = this.muted;
      void setMicrophone(this.media, this.choices.devices, !muted).then((p) => { if (p !== undefined) this.warn(p); });
      mute.textContent = this.muted ? 'Unmute' : 'Mute';
      mute.setAttribute('aria-pressed', String(this.muted));
    });
    const cam = h('button', { id: 'toggle-camera', 'aria-pressed': String(this.cameraOff) }, this.cameraOff ? 'Camera on' : 'Camera off');
    cam.addEventListener('click', () => {
      this.cameraOff = !this.cameraOff;
      void setCamera(this.media, this.choices.devices, !this.cameraOff).then((p) => { if (p !== undefined) this.warn(p); });
      cam.textContent = this.cameraOff ? 'Camera on' : 'Camera off';
      cam.setAttribute('aria-pressed', String(this.cameraOff));
    });
    const share = this.screen.button;
    share.addEventListener('click', () => void this.toggleScreen());
    const leave = h('button', { id: 'leave', class: 'danger', onclick: () => this.leave() }, 'Leave');
    const end = h('button', { id: 'end-meeting', class: 'danger', hidden: !this.session.canEndMeeting, title: 'Close the meeting for everyone' }, 'End for everyone');
    end.addEventListener('click', () => {
      if (confirm('End the meeting for everyone?')) this.session.endMeeting();
    });
    const input = h('input', { id: 'chat-input', type: 'text', maxlength: '2000', placeholder: 'Message everyone', 'aria-label': 'Chat message' });
    const form = h('form', { class: 'chat-form' }, input, h('button', { type: 'submit' }, 'Send'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (text && this.session.isAdmitted) {
        input.value = '';
        void this.session.sendChat(text);
      }
    });
    this.grid.append(this.selfTile);
    this.root.append(
      h('div', { class: 'meeting' },
        h('header', { class: 'top' },
          h('div', { class: 'code-box', title: 'Compare this code aloud with the others' },
            h('span', { class: 'code-label' }, 'Security code'), this.codeBox,
            h('p', { class: 'code-help' }, 'If everyone sees the same code, everyone shares the same encryption keys and nobody else — not even the server — is in the meeting unseen.')),
          link),
        this.statusBar, this.waitingNote, this.unconfirmedBox, this.warnings, this.notices,
        h('div', { class: 'body' }, this.grid,
          h('aside', { class: 'side' },
            this.waitingSection,
            h('section', { class: 'panel-section' }, h('h2', {}, 'People'), this.rosterList),
            h('section', { class: 'panel-section chat' }, h('h2', {}, 'Chat'), this.chatLog, form))),
        h('footer', { class: 'controls' }, mute, cam, share, leave, end)));
  }

  private toggleScreen(): Promise<void> {
    return this.screen.toggle();
  }

  private leave(): void {
    this.session.leave();
    this.media.close();
    this.choices.devices.releaseAll();
  }

  private showStatus(s: SessionStatus): void {
    const text = statusText(s);
    this.probe.status = s.kind === 'closed' ? `closed:${s.reason}` : s.kind;
    this.statusBar.textContent = text;
    this.statusBar.setAttribute('data-state', this.probe.status);
    this.statusBar.hidden = s.kind === 'joined';
    const wasWaiting = this.waitingFor !== undefined;
    this.waitingFor = s.kind === 'waiting' ? { byApproval: s.byApproval } : undefined;
    if (!wasWaiting && this.waitingFor !== undefined) watchWaitingRoom(location.origin, this.choices.meetingId, this.waitingNote, () => this.waitingFor);
    if (s.kind === 'joined') {
      this.probe.joinedAt ??= performance.now();
      this.showInviteLink();
    }
    if (s.kind === 'closed' && s.reason !== 'left') {
      this.media.close();
      this.choices.devices.releaseAll();
    }
    if (s.kind === 'closed' && s.reason === 'left') this.renderLeft();
  }

  private showInviteLink(): void {
    const secret = this.session.inviteSecret;
    this.inviteBox.value = secret === undefined ? `${location.origin}/m/${this.choices.meetingId}` : `${location.origin}/m/${this.choices.meetingId}#${secret}`;
  }

  private renderLeft(): void {
    clear(this.root);
    const again = h('button', { class: 'primary', id: 'rejoin', onclick: () => location.reload() }, 'Join again');
    this.root.append(h('section', { class: 'card', 'data-state': 'left' }, h('h1', {}, 'You left the meeting'), again));
  }

  private onKeys(k: EpochKeys): void {
    performance.mark('conclave:epoch-keys');
    this.media.setKeys({ type: 'keys', epoch: k.epoch, baseKey: k.baseKey, groupSize: k.groupSize, roster: [...k.leaves], ownIndex: k.ownLeaf }, k.send);
  }

  private onEpoch(e: EpochInfo): void {
    performance.mark('conclave:roster-shown');
    this.roster = e.roster;
    this.probe.epoch = e.epoch.toString();
    this.probe.securityCode = e.securityCode;
    this.probe.roster = e.roster;
    this.probe.ownLeaf = e.ownLeaf;
    this.codeBox.textContent = e.securityCode;
    clear(this.rosterList);
    for (const m of e.roster) {
      // The name is text only (h() appends strings as text nodes); badges are their own elements.
      this.rosterList.append(h('li', { 'data-leaf': String(m.leaf), 'data-pin': m.pin, 'data-host': m.host, 'data-unauthorised': m.unauthorised === true },
        h('span', { class: 'name' }, m.name),
        m.self ? h('span', { class: 'badge you' }, 'you') : undefined,
        m.host ? h('span', { class: 'badge host', title: 'Host: listed as host in the meeting\'s encrypted group state' }, 'HOST') : undefined,
        m.unauthorised === true ? h('span', { class: 'badge unauthorised', title: 'Added without an invite proof or a host\'s approval: being removed' }, 'UNAUTHORISED') : undefined,
        h('span', { class: `pin ${m.pin}` }, m.self ? 'this device' : pinText(m)),
        h('code', { class: 'fingerprint' }, m.fingerprint)));
    }
    this.rotateButton.hidden = !e.roster.some((m) => m.self && m.host);
    this.showInviteLink();
    for (const [key, tile] of this.tiles) {
      const leaf = Number(key.split('/')[0]);
      if (!e.roster.some((m) => m.leaf === leaf && !m.self)) {
        // Also tells the decode worker to forget this tile's sink.
        tile.picture?.close();
        tile.root.remove();
        this.tiles.delete(key);
        this.countTiles();
      }
    }
    for (const tile of this.tiles.values()) this.labelTile(tile);
  }

  private labelTile(tile: Tile): void {
    const [leaf, track] = (tile.root.dataset['key'] ?? '').split('/');
    const name = this.roster.find((m) => String(m.leaf) === leaf)?.name ?? '…';
    tile.label.textContent = Number(track) === MediaTrack.SCREEN ? `${name} (screen)` : name;
  }

  /** A remote stream's pictures play on `picture`: its tile shows them (made on its first picture). */
  private showVideo(sender: number, track: MediaTrack, picture: Picture): void {
    const key = `${sender}/${track}`;
    picture.element.dataset['leaf'] = String(sender);
    picture.element.dataset['track'] = String(track);
    let tile = this.tiles.get(key);
    if (tile === undefined) {
      const label = h('span', { class: 'label' });
      const root = h('div', { class: track === MediaTrack.SCREEN ? 'tile screen' : 'tile', 'data-key': key, 'data-leaf': String(sender) }, picture.element, label);
      tile = { root, picture, label };
      this.tiles.set(key, tile);
      this.labelTile(tile);
      this.grid.append(root);
      this.countTiles();
      return;
    }
    tile.picture?.close();
    if (tile.picture !== undefined) tile.picture.element.replaceWith(picture.element);
    else tile.root.prepend(picture.element);
    tile.picture = picture;
  }

  /** The grid's layout depends on how many tiles it holds (the remote ones and this device's). */
  private countTiles(): void {
    this.grid.dataset['count'] = String(this.tiles.size + 1);
  }

  /** Dims the tiles whose stream has had no picture for a while (sender's camera off, or loss). */
  private markStale(idleMs: Record<string, number>): void {
    for (const [key, tile] of [...this.tiles]) {
      const idle = idleMs[key];
      if (Number(key.split('/')[1]) === MediaTrack.SCREEN && idle !== undefined && idle >= SCREEN_GONE_MS) {
        // The sharer stopped: no frozen last picture. A new share makes a new tile.
        tile.picture?.close();
        tile.root.remove();
        this.tiles.delete(key);
        this.countTiles();
        continue;
      }
      const stale = idle === undefined || idle >= STALE_MS;
      if (tile.root.classList.contains('stale') !== stale) tile.root.classList.toggle('stale', stale);
    }
  }

  private showLevels(levels: Record<number, { rms: number; peak: number }>): void {
    for (const [leaf, v] of Object.entries(levels)) {
      const prev = this.probe.levels[Number(leaf)];
      this.probe.levels[Number(leaf)] = { rms: Math.max(prev?.rms ?? 0, v.rms), peak: Math.max(prev?.peak ?? 0, v.peak) };
      for (const el of this.grid.querySelectorAll(`.tile[data-leaf="${leaf}"]`)) el.classList.toggle('speaking', v.rms > 0.02);
    }
  }

  private addChat(name: string, text: string, self: boolean): void {
    this.probe.chat.push({ name, text, self });
    this.chatLog.append(h('li', { class: self ? 'self' : '' }, h('b', {}, name), ' ', text));
    this.chatLog.scrollTop = this.chatLog.scrollHeight;
  }

  private addWaiting(from: string, name: string, fingerprint: string): void {
    this.waitingSection.hidden = false;
    const admit = h('button', { class: 'admit', onclick: () => void this.session.decide(from, true) }, 'Admit');
    const deny = h('button', { class: 'deny', onclick: () => void this.session.decide(from, false) }, 'Deny');
    this.waitingList.append(h('li', { 'data-from': from }, h('span', { class: 'name' }, name), h('code', { class: 'fingerprint' }, fingerprint), admit, deny));
  }

  private note(text: string): void {
    this.probe.notices.push(text);
    this.showInviteLink();
    const item = h('p', { class: 'notice' }, text, h('button', { 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'));
    this.notices.append(item);
  }

  private showUnconfirmed(members: readonly { leaf: number; name: string }[]): void {
    this.probe.unconfirmed = members.map((m) => m.leaf);
    this.unconfirmedBox.hidden = members.length === 0;
    this.unconfirmedBox.textContent = members.length === 0 ? ''
      : `Not confirmed the meeting's current state within 5 s: ${members.map((m) => m.name).join(', ')}. `
        + 'The server may be showing members different versions of the meeting, or holding back changes, or their connection is down.';
  }

  private warn(text: string): void {
    this.probe.warnings.push(text);
    const item = h('p', { class: 'warning' }, text, h('button', { 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'));
    this.warnings.append(item);
  }
}

function pinText(m: RosterMember): string {
  switch (m.pin) {
    case 'verified':
      return 'key seen before';
    case 'new':
      return 'new key';
    case 'changed':
      return `KEY CHANGED (was ${m.pinned ?? '?'})`;
    case 'renamed':
      return `KNOWN KEY, NEW NAME (was "${m.pinned ?? '?'}")`;
  }
}

function statusText(s: SessionStatus): string {
  switch (s.kind) {
    case 'connecting':
      return 'Connecting…';
    case 'waiting':
      return s.byApproval ? 'Waiting for a host to let you in…' : 'Waiting for a member to add you…';
    case 'verifying':
      return s.byApproval ? 'Added: waiting for a host to confirm it let you in…' : 'Added: checking that this meeting knows your invite link…';
    case 'joined':
      return '';
    case 'reconnecting':
      return `Connection lost. Reconnecting (attempt ${s.attempt}, in ${(s.delayMs / 1000).toFixed(1)} s)…`;
    case 'unreachable':
      return `The server cannot be reached. Retrying (attempt ${s.attempt}, in ${(s.delayMs / 1000).toFixed(1)} s)…`;
    case 'closed':
      return s.detail;
  }
}
