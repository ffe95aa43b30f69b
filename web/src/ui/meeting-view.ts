/**
 * The meeting: the security code, the invite link, the status and warnings, the video grid
 * (tiles.ts), the side panels (people-panel.ts, chat-panel.ts, devices.ts), the controls and the
 * toasts (notifications.ts). Joins {@link MeetingSession} (MLS, relay) with {@link MediaController}
 * (capture, codecs, SFrame in workers).
 */
import type { EpochInfo, EpochKeys, MeetingSession, RosterMember, SessionStatus } from '../meeting/session.js';
import type { SigningKeys } from '../identity/store.js';
import type { MediaController } from '../media/controller.js';
import type { Prejoin } from './prejoin.js';
import { clear, h } from './dom.js';
import { displayName } from '../meeting/names.js';
import { shareableLink } from '../meeting/invite-link.js';
import { originBadge } from './origin-badge.js';
import { ChatPanel } from './chat-panel.js';
import { DevicesPanel } from './devices.js';
import { Notifier } from './notifications.js';
import { PeoplePanel } from './people-panel.js';
import { TileGrid } from './tiles.js';
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
  /** The relay's origin (docs/PROTOCOL.md, "Invite links and client origins"). */
  readonly relay: string;
}

/** Which side panel is open: on a phone one at a time over the grid; on a desktop beside it (none = people and chat). */
type Panel = 'people' | 'chat' | 'devices' | 'none';

/** What tests and people debugging read from the page (`window.conclave`). */
export interface PageProbe {
  status: string;
  epoch: string | undefined;
  securityCode: string | undefined;
  roster: readonly RosterMember[];
  chat: { name: string; text: string; self: boolean }[];
  /** Toasts shown (join, leave, knock, recording, mute request, info). */
  toasts: { kind: string; text: string }[];
  /** Member leaf → its announced media state (application message type 5). */
  mediaStates: Record<number, { muted: boolean; cameraOff: boolean }>;
  /** Whether a host locked the meeting (application message type 8). */
  locked: boolean;
  /** Leaves of members that announced they record the meeting. */
  recorders: number[];
  /** Mute requests from hosts this device received (the user was asked). */
  muteRequests: string[];
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
  /** The decode worker's event loop stops for `ms` (a device short of CPU). */
  stallDecoder(ms: number): void;
  sendChat(text: string): Promise<void>;
  rotateInviteLink(): Promise<void>;
  shareScreen(): Promise<void>;
  removeMember(leaf: number): Promise<void>;
  setHost(leaf: number, host: boolean): Promise<void>;
  leave(): void;
  /** The host ends the meeting for everyone (no confirmation dialog). */
  endMeeting(): void;
}

export class MeetingView {
  private readonly media: MediaController;
  private readonly session: MeetingSession;
  private readonly tiles: TileGrid;
  private readonly people: PeoplePanel;
  private readonly chat: ChatPanel;
  private readonly devices: DevicesPanel;
  private readonly notifier = new Notifier();
  /** The "asking to join" toast of each knock on the waiting list, by participant id. */
  private readonly knockToasts = new Map<string, HTMLElement>();
  private readonly codeBox = h('span', { class: 'code', id: 'security-code' }, '…');
  private readonly statusBar = h('div', { class: 'status-bar', id: 'status', role: 'status' });
  private readonly warnings = h('div', { class: 'warnings', id: 'warnings', role: 'alert' });
  /** Members that have not confirmed the current epoch (epoch beacons): shown while the list is not empty. */
  private readonly unconfirmedBox = h('p', { class: 'warning unconfirmed', id: 'unconfirmed', role: 'alert', hidden: true });
  private readonly notices = h('div', { class: 'notices', id: 'notices', role: 'status' });
  /** Shown to everyone while a member announces that it records. */
  private readonly recordingBanner = h('p', { class: 'recording-banner', id: 'recording-banner', role: 'status', hidden: true });
  /** While waiting to be let in: whether anyone who could is in the meeting (waiting-room.ts). */
  private readonly waitingNote = h('p', { class: 'note', id: 'waiting-note', hidden: true });
  private waitingFor: { byApproval: boolean } | undefined;
  /** The share button follows the capture, also when the browser's own "Stop sharing" ends it. */
  private readonly screen: ScreenShare;
  private readonly rotateButton = h('button', { id: 'rotate-link', hidden: true, title: 'Make a new invite link: the old one stops working' }, 'New link');
  private readonly lockButton = h('button', { id: 'lock-meeting', hidden: true, 'aria-pressed': 'false', title: 'While locked nobody new is let in, by link or by a host' }, 'Lock meeting');
  private readonly lockState = h('span', { class: 'lock-state', id: 'lock-state', hidden: true }, 'Locked: nobody new can join');
  private readonly waitingList = h('ul', { class: 'waiting', id: 'waiting' });
  private readonly waitingSection = h('section', { class: 'panel-section waiting-section', hidden: true }, h('h2', {}, 'Waiting to join'), this.waitingList);
  private readonly inviteBox = h('input', { id: 'invite-link', readonly: true, 'aria-label': 'Invite link' });
  private readonly side = h('aside', { class: 'side', id: 'side', 'data-panel': 'none' });
  private readonly panelButtons = new Map<Panel, HTMLButtonElement>();
  private roster: readonly RosterMember[] = [];
  private lastCode: string | undefined;
  private muted: boolean;
  private cameraOff: boolean;
  private readonly probe: PageProbe;
  /** The devices in use: `choices.stream` holds the current camera and microphone tracks. */
  private readonly stream: MediaStream;
  private readonly preview: HTMLVideoElement;
  private readonly recorders = new Set<number>();
  /** What the connection did while in the lobby, shown once the view is up. */
  private readonly lobbyStatus: SessionStatus | undefined;

  constructor(private readonly root: HTMLElement, private readonly choices: JoinChoices, prejoin: Prejoin) {
    this.muted = choices.startMuted;
    this.cameraOff = choices.startCameraOff;
    this.media = prejoin.media;
    this.screen = new ScreenShare(this.media, h('button', { id: 'toggle-screen' }, 'Share screen'), (t) => this.warn(t));
    this.session = prejoin.session;
    this.lobbyStatus = prejoin.lastStatus;
    this.stream = choices.stream;
    this.preview = h('video', { autoplay: true, muted: true, playsinline: true });
    this.preview.muted = true;
    this.preview.srcObject = this.stream;
    this.tiles = new TileGrid(this.preview, displayName(choices.name));
    this.tiles.setSelf({ muted: this.muted, cameraOff: this.cameraOff });
    this.people = new PeoplePanel({
      askToMute: (leaf) => void this.session.askToMute(leaf).then(
        () => this.notifier.toast('info', `Asked ${this.nameOf(leaf)} to mute.`),
        (e: unknown) => this.warn(`Could not ask to mute: ${String(e)}`)),
      setHost: (leaf, host) => void this.session.setHost(leaf, host).catch((e: unknown) => this.warn(`The hosts could not be changed: ${String(e)}`)),
      remove: (leaf) => void this.session.removeMember(leaf).catch((e: unknown) => this.warn(`${this.nameOf(leaf)} could not be removed: ${String(e)}`)),
      setVerified: (leaf, verified) => void this.session.setVerified(leaf, verified).catch((e: unknown) => this.warn(`The mark could not be saved: ${String(e)}`)),
    });
    this.chat = new ChatPanel((text) => {
      if (this.session.isAdmitted) void this.session.sendChat(text);
    }, () => this.notifier.setUnread(this.chat.unreadCount));
    this.devices = new DevicesPanel({
      camera: (id) => this.switchCamera(id),
      microphone: (id) => this.switchMicrophone(id),
      speaker: async (id) => {
        const ctx = await this.media.prepareAudio() as AudioContext & { setSinkId?: (id: string) => Promise<void> };
        if (ctx.setSinkId === undefined) throw new Error('this browser cannot choose the speaker');
        await ctx.setSinkId(id);
      },
    }, () => ({ camera: this.stream.getVideoTracks()[0]?.getSettings().deviceId, microphone: this.stream.getAudioTracks()[0]?.getSettings().deviceId }));
    this.media.setEvents({
      video: (sender, track, picture) => this.tiles.showVideo(sender, track, picture),
      activity: (idleMs) => this.tiles.activity(idleMs),
      keyframeNeeded: (sender, track) => this.session.requestKeyframe(sender, track),
      levels: (levels) => this.showLevels(levels),
      localLevel: (level) => this.tiles.setSelfSpeaking(!this.muted && level > 0.02),
      error: (message) => console.warn(message),
    });
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
      toasts: this.notifier.log, mediaStates: {}, recorders: [], muteRequests: [], locked: false,
      joinClickedAt: choices.joinClickedAt, joinedAt: undefined, levels: {}, ownLeaf: undefined,
      firstRemoteFrameAt: () => this.media.firstRemoteFrameAt,
      timings: () => ({
        encoded: [...this.media.timings.encoded].map(([k, [a, b]]) => [k, a, b]),
        decoded: [...this.media.timings.decoded].map(([k, [a, b]]) => [k, a, b]),
      }),
      decodeStats: () => this.media.decodeStats,
      lagMs: () => Math.max(0, ...lags.filter(([at]) => performance.now() - at < 2000).map(([, lag]) => lag)),
      setCanary: (hex) => this.media.setCanary(Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16))),
      stallDecoder: (ms) => this.media.stallDecoder(ms),
      sendChat: (text) => this.session.sendChat(text),
      rotateInviteLink: () => this.session.rotateInviteLink(),
      shareScreen: () => this.toggleScreen(),
      removeMember: (leaf) => this.session.removeMember(leaf),
      setHost: (leaf, host) => this.session.setHost(leaf, host),
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
      joinRequestGone: (from) => {
        this.waitingList.querySelector(`[data-from="${from}"]`)?.remove();
        this.waitingSection.hidden = this.waitingList.childElementCount === 0;
        // Decided, or the joiner left (join_request_withdrawn): its knock is no longer news.
        this.knockToasts.get(from)?.remove();
        this.knockToasts.delete(from);
      },
      warning: (text) => this.warn(text),
      notice: (text) => this.note(text),
      unconfirmed: (members) => this.showUnconfirmed(members),
      keyframeRequest: (track) => this.media.keyframe(track),
      mediaState: (m) => {
        this.probe.mediaStates[m.leaf] = { muted: m.muted, cameraOff: m.cameraOff };
        this.tiles.setMediaState(m.leaf, m);
        this.people.setMediaState(m.leaf, m);
      },
      muteRequest: (m) => this.onMuteRequest(m.name),
      recording: (m) => this.onRecording(m.leaf, m.name, m.on),
      locked: (m) => this.showLocked(m.on, m.by),
      refusedWhileLocked: (m) => this.notifier.toast('info', `${m.name} tried to join: the meeting is locked.`),
      removedBy: (m) => this.notifier.toast('leave', `${m.by} removed ${m.removed.join(', ')} from the meeting.`),
    });
    if (this.lobbyStatus !== undefined) this.showStatus(this.lobbyStatus);
    const keys = await this.choices.identity;
    performance.mark('conclave:identity-loaded');
    await this.session.join(this.choices.name, keys);
    const problems = await Promise.all([setCamera(this.media, this.choices.devices, !this.cameraOff), setMicrophone(this.media, this.choices.devices, !this.muted)]);
    problems.forEach((p) => p !== undefined && this.warn(p));
    this.announceMedia();
    void this.devices.refresh();
    await playback;
  }

  private render(): void {
    clear(this.root);
    this.rotateButton.addEventListener('click', () => void this.session.rotateInviteLink().catch((e: unknown) => this.warn(`The invite link could not be changed: ${String(e)}`)));
    this.lockButton.addEventListener('click', () => void this.session.setLocked(!this.session.isLocked)
      .catch((e: unknown) => this.warn(`The meeting could not be locked: ${String(e)}`)));
    const link = h('div', { class: 'invite' }, this.inviteBox,
      h('button', { id: 'copy-link', onclick: () => void navigator.clipboard?.writeText(this.inviteBox.value) }, 'Copy invite link'),
      this.rotateButton, this.lockButton, this.lockState);
    const mute = h('button', { id: 'toggle-mic', 'aria-pressed': String(this.muted) }, this.muted ? 'Unmute' : 'Mute');
    mute.addEventListener('click', () => this.setMuted(!this.muted));
    const cam = h('button', { id: 'toggle-camera', 'aria-pressed': String(this.cameraOff) }, this.cameraOff ? 'Camera on' : 'Camera off');
    cam.addEventListener('click', () => {
      this.cameraOff = !this.cameraOff;
      void setCamera(this.media, this.choices.devices, !this.cameraOff).then((p) => { if (p !== undefined) this.warn(p); });
      cam.textContent = this.cameraOff ? 'Camera on' : 'Camera off';
      cam.setAttribute('aria-pressed', String(this.cameraOff));
      this.announceMedia();
    });
    const share = this.screen.button;
    share.addEventListener('click', () => void this.toggleScreen());
    const leave = h('button', { id: 'leave', class: 'danger', onclick: () => this.leave() }, 'Leave');
    const panelButton = (panel: Panel, id: string, label: string, ...extra: HTMLElement[]): HTMLButtonElement => {
      const b = h('button', { id, class: 'panel-toggle', 'aria-pressed': 'false', 'aria-controls': 'side' }, label, ...extra);
      b.addEventListener('click', () => this.openPanel(this.side.dataset['panel'] === panel ? 'none' : panel));
      this.panelButtons.set(panel, b);
      return b;
    };
    const sound = h('button', { id: 'toggle-sound', 'aria-pressed': String(this.notifier.sounds), title: 'Sounds when people join, leave or knock' },
      this.notifier.sounds ? 'Sounds on' : 'Sounds off');
    sound.addEventListener('click', () => {
      this.notifier.setSounds(!this.notifier.sounds);
      sound.textContent = this.notifier.sounds ? 'Sounds on' : 'Sounds off';
      sound.setAttribute('aria-pressed', String(this.notifier.sounds));
    });
    const end = h('button', { id: 'end-meeting', class: 'danger', hidden: !this.session.canEndMeeting, title: 'Close the meeting for everyone' }, 'End for everyone');
    end.addEventListener('click', () => {
      if (confirm('End the meeting for everyone?')) this.session.endMeeting();
    });
    this.side.append(this.people.element, this.chat.element, this.devices.element);
    this.root.append(
      h('div', { class: 'meeting' },
        h('header', { class: 'top' },
          h('div', { class: 'code-box', title: 'Compare this code aloud with the others' },
            h('span', { class: 'code-label' }, 'Security code'), this.codeBox,
            h('p', { class: 'code-help' }, 'If everyone sees the same code, everyone shares the same encryption keys and nobody else — not even the server — is in the meeting unseen.')),
          link),
        originBadge(this.choices.relay), this.statusBar, this.recordingBanner, this.waitingNote, this.unconfirmedBox, this.warnings, this.notices, this.waitingSection,
        h('div', { class: 'body' }, this.tiles.element, this.side),
        h('footer', { class: 'controls' }, mute, cam, share,
          panelButton('people', 'toggle-people', 'People'),
          panelButton('chat', 'toggle-chat', 'Chat', this.chat.badge),
          panelButton('devices', 'toggle-devices', 'Devices'),
          sound, leave, end),
        this.notifier.element));
    this.openPanel('none');
    document.addEventListener('visibilitychange', () => this.chat.setOpen(this.chatVisible()));
  }

  /** Opens one side panel (`none`: the default, people and chat on a desktop, nothing on a phone). */
  private openPanel(panel: Panel): void {
    this.side.dataset['panel'] = panel;
    for (const [p, b] of this.panelButtons) b.setAttribute('aria-pressed', String(p === panel));
    this.chat.setOpen(this.chatVisible());
    if (panel === 'devices') void this.devices.refresh();
  }

  /** The chat is in view: its panel shown (by layout) and the page visible. */
  private chatVisible(): boolean {
    return document.visibilityState === 'visible' && this.chat.element.offsetParent !== null;
  }

  private setMuted(muted: boolean): void {
    this.muted = muted;
    // Muting releases the microphone; unmuting asks for it again (local-controls.ts).
    void setMicrophone(this.media, this.choices.devices, !muted).then((p) => { if (p !== undefined) this.warn(p); });
    const b = this.root.querySelector('#toggle-mic');
    if (b !== null) {
      b.textContent = muted ? 'Unmute' : 'Mute';
      b.setAttribute('aria-pressed', String(muted));
    }
    this.announceMedia();
  }

  /** Shows this device's state on its tile and tells the others (application message type 5). */
  private announceMedia(): void {
    const state = { muted: this.muted, cameraOff: this.cameraOff };
    this.tiles.setSelf(state);
    void this.session.setMediaState(state).catch(() => undefined);
  }

  /** A host asked this person to mute: they decide; nothing is muted without their click. */
  private onMuteRequest(host: string): void {
    this.probe.muteRequests.push(host);
    if (this.muted) return;
    const mute = h('button', { class: 'accept-mute primary' }, 'Mute');
    mute.addEventListener('click', () => this.setMuted(true));
    this.notifier.toast('mute-request', `${host} (host) asks you to mute your microphone.`, mute, h('button', { class: 'decline-mute' }, 'Stay unmuted'));
  }

  private onRecording(leaf: number, name: string, on: boolean): void {
    if (on === this.recorders.has(leaf)) return;
    if (on) this.recorders.add(leaf);
    else this.recorders.delete(leaf);
    this.probe.recorders = [...this.recorders];
    this.people.setRecording(leaf, on);
    this.showRecorders();
    this.notifier.toast('recording', on ? `${name} is recording the meeting.` : `${name} stopped recording.`);
  }

  private showLocked(on: boolean, by: string): void {
    this.probe.locked = on;
    this.lockState.hidden = !on;
    this.lockButton.textContent = on ? 'Unlock meeting' : 'Lock meeting';
    this.lockButton.setAttribute('aria-pressed', String(on));
    this.notifier.toast('info', on ? `${by} locked the meeting: nobody new can join.` : `${by} unlocked the meeting.`);
  }

  private showRecorders(): void {
    const names = [...this.recorders].map((l) => this.nameOf(l));
    this.recordingBanner.hidden = names.length === 0;
    this.recordingBanner.textContent = names.length === 0 ? '' : `● Recording: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} recording this meeting.`;
  }

  /** Another camera: chosen for the next time it is on, and switched to now if it is on. */
  private async switchCamera(deviceId: string): Promise<void> {
    this.choices.devices.choose('video', deviceId);
    if (this.cameraOff) return;
    await setCamera(this.media, this.choices.devices, false);
    const problem = await setCamera(this.media, this.choices.devices, true);
    if (problem !== undefined) throw new Error(problem);
  }

  /** Another microphone: chosen for the next time it is on, and switched to now if unmuted. */
  private async switchMicrophone(deviceId: string): Promise<void> {
    this.choices.devices.choose('audio', deviceId);
    if (this.muted) return;
    await setMicrophone(this.media, this.choices.devices, false);
    const problem = await setMicrophone(this.media, this.choices.devices, true);
    if (problem !== undefined) throw new Error(problem);
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
    this.tiles.element.toggleAttribute('data-reconnecting', s.kind === 'reconnecting' || s.kind === 'unreachable');
    const wasWaiting = this.waitingFor !== undefined;
    this.waitingFor = s.kind === 'waiting' ? { byApproval: s.byApproval } : undefined;
    if (!wasWaiting && this.waitingFor !== undefined) watchWaitingRoom(this.choices.relay, this.choices.meetingId, this.waitingNote, () => this.waitingFor);
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
    this.inviteBox.value = shareableLink(this.choices.relay, this.choices.meetingId, secret);
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
    const before = this.roster;
    const first = this.probe.epoch === undefined;
    this.roster = e.roster;
    this.probe.epoch = e.epoch.toString();
    this.probe.securityCode = e.securityCode;
    this.probe.roster = e.roster;
    this.probe.ownLeaf = e.ownLeaf;
    this.codeBox.textContent = e.securityCode;
    this.people.setRoster(e.roster, e.securityCode);
    this.tiles.setMembers(e.roster);
    this.rotateButton.hidden = !e.roster.some((m) => m.self && m.host);
    this.lockButton.hidden = this.rotateButton.hidden;
    this.showInviteLink();
    const key = (m: RosterMember): string => `${m.leaf} ${m.fingerprint}`;
    const joined = first ? [] : e.roster.filter((m) => !m.self && !before.some((b) => key(b) === key(m)));
    const left = first ? [] : before.filter((b) => !b.self && !e.roster.some((m) => key(b) === key(m)));
    for (const m of joined) this.notifier.toast('join', `${m.name} joined.`);
    for (const m of left) this.notifier.toast('leave', `${m.name} left.`);
    for (const leaf of [...this.recorders]) if (!e.roster.some((m) => m.leaf === leaf)) this.onRecording(leaf, '', false);
    if (this.lastCode !== undefined && this.lastCode !== e.securityCode) {
      this.codeBox.classList.add('changed');
      this.codeBox.title = 'The security code changed with the meeting\'s membership or settings: compare it again';
      setTimeout(() => this.codeBox.classList.remove('changed'), 4000);
      if (joined.length > 0 || left.length > 0) this.notifier.toast('info', 'The security code changed: compare it again before trusting who is in the meeting.');
    }
    this.lastCode = e.securityCode;
  }

  private nameOf(leaf: number): string {
    return this.roster.find((m) => m.leaf === leaf)?.name ?? `member ${leaf}`;
  }

  private showLevels(levels: Record<number, { rms: number; peak: number }>): void {
    for (const [leaf, v] of Object.entries(levels)) {
      const prev = this.probe.levels[Number(leaf)];
      this.probe.levels[Number(leaf)] = { rms: Math.max(prev?.rms ?? 0, v.rms), peak: Math.max(prev?.peak ?? 0, v.peak) };
      this.tiles.setSpeaking(Number(leaf), v.rms > 0.02);
    }
  }

  private addChat(name: string, text: string, self: boolean): void {
    this.probe.chat.push({ name, text, self });
    this.chat.add(name, text, self);
  }

  private addWaiting(from: string, name: string, fingerprint: string): void {
    this.waitingSection.hidden = false;
    const admit = h('button', { class: 'admit', onclick: () => void this.session.decide(from, true) }, 'Admit');
    const deny = h('button', { class: 'deny', onclick: () => void this.session.decide(from, false) }, 'Deny');
    this.waitingList.append(h('li', { 'data-from': from }, h('span', { class: 'name' }, name), h('code', { class: 'fingerprint' }, fingerprint), admit, deny));
    this.knockToasts.set(from, this.notifier.toast('knock', `${name} is asking to join.`));
  }

  private note(text: string): void {
    this.probe.notices.push(text);
    this.showInviteLink();
    const item = h('p', { class: 'notice' }, text, h('button', { 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'));
    this.notices.append(item);
  }

  private showUnconfirmed(members: readonly { leaf: number; name: string }[]): void {
    this.probe.unconfirmed = members.map((m) => m.leaf);
    this.tiles.setUnconfirmed(this.probe.unconfirmed);
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
