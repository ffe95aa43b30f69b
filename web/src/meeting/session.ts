/**
 * One participant's meeting state machine (DESIGN.md "Meeting lifecycle", docs/PROTOCOL.md
 * "Admission"), the browser twin of the Java client's `MeetingSession`: joins with an invite
 * proof or by host approval and waits for the group to prove itself, commits pending work in leaf
 * order, follows the relay's commit order (RFC 9420 §14), checks every commit against the
 * admission decision table before applying it, flags and removes unauthorised members, sends and
 * checks epoch beacons, and hands the media layer each epoch's SFrame base key.
 * Every event runs on one promise queue, so MLS state changes never interleave.
 */
import {
  acceptAll,
  createApplicationMessage,
  createCommit,
  emptyPskIndex,
  encodeMlsMessage,
  joinGroup,
  processMessage,
  type ClientState,
  type KeyPackage,
  type Proposal,
  type UnappliedProposals,
} from 'ts-mls';
import { decryptSenderData } from 'ts-mls/privateMessage.js';
import {
  INVITE_KEY_EXTENSION, INVITE_PROOF_EXTENSION, computeAttestation, computeInviteProof, encodeInviteSecret, equalBytes,
  HOSTS_EXTENSION, encodeHosts, generateInviteSecret, inviteKeyPair, type InviteKeyPair, verifyAttestation, verifyInviteProof,
} from './admission.js';
import { decideCommit, type Rule } from './admission-rules.js';
import {
  AppMessageType, MeetingMessageType, chatMessage, lockMessage, mediaStateMessage, parseLock, muteRequestMessage, parseAppMessage, parseMediaState, parseMuteRequest,
  parseRecording, typed, type MediaState,
} from './app-messages.js';
import { fingerprint, securityCode } from './codes.js';
import { Flags, acceptableProposal, keyPackageRef, readCommit, removalRank } from './commit-facts.js';
import { commitProblem, keyPackageProblem } from './rfc-checks.js';
import type { ConnectionState } from './connection.js';
import { RelayLink, type MediaPorts } from './relay-link.js';
import {
  createMeetingGroup,
  decodeMessage,
  groupInfoMessage,
  hosts,
  inviteKey,
  isHostKey,
  keyPackageMessage,
  keyPackageValidNow,
  leafCount,
  leafName,
  leafOfKeyPackage,
  makeKeyPackage,
  members,
  ownLeaf,
  sframeBaseKey,
  suite,
  type KeyPackageBundle,
  type MemberLeaf,
} from './mls.js';
import { displayName } from './names.js';
import { CloseCode, type ServerMessage } from '../protocol/control.js';
import { checkPin, markVerified, type PinStatus, type SigningKeys } from '../identity/store.js';

export interface RosterMember {
  readonly leaf: number;
  /** For display only: control and bidi characters removed; badges are separate fields. */
  readonly name: string;
  readonly fingerprint: string;
  readonly pin: PinStatus;
  /** With pin `renamed`: the name this key was pinned under; with `changed`: the fingerprint pinned for this name. */
  readonly pinned?: string;
  readonly host: boolean;
  readonly self: boolean;
  /** Added without an invite proof or a host's approval: being removed by the members. */
  readonly unauthorised?: true;
}

/** What the media layer needs of an epoch (docs/PROTOCOL.md "Keys"); handed over before anything else. */
export interface EpochKeys {
  readonly epoch: bigint;
  readonly baseKey: Uint8Array;
  readonly groupSize: number;
  /** The members' leaf indices. */
  readonly leaves: readonly number[];
  readonly ownLeaf: number;
  /**
   * Whether this member may send media with these keys. A joiner receives from the start but
   * sends only once the group proved itself (admission attestation); then the same epoch's keys
   * come again with `send` set.
   */
  readonly send: boolean;
}

export interface EpochInfo {
  readonly epoch: bigint;
  readonly securityCode: string;
  readonly roster: readonly RosterMember[];
  readonly ownLeaf: number;
}

export type SessionStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'waiting'; readonly byApproval: boolean }
  /** Welcomed: waiting for the group to prove it is the meeting of the link (or a host's word). */
  | { readonly kind: 'verifying'; readonly byApproval: boolean }
  | { readonly kind: 'joined' }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'unreachable'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'closed'; readonly reason: 'meeting-closed' | 'unknown-meeting' | 'full' | 'replaced' | 'removed' | 'left' | 'unverified' | 'lobby-timeout' | 'denied' | 'error'; readonly detail: string };

export interface SessionListener {
  status(s: SessionStatus): void;
  /** A new epoch's media keys: called first, so that frames of the epoch decrypt as soon as possible. */
  keys(k: EpochKeys): void;
  /** The new epoch's roster and security code, after {@link keys}. */
  epoch(e: EpochInfo): void;
  chat(m: { readonly leaf: number; readonly name: string; readonly text: string; readonly self: boolean }): void;
  joinRequest(r: { readonly from: string; readonly name: string; readonly fingerprint: string }): void;
  joinRequestGone(from: string): void;
  warning(text: string): void;
  /** Something members should know that is not a problem (who admitted this device, a rotated link). */
  notice(text: string): void;
  /**
   * Members of the roster that have not confirmed this epoch (no epoch beacon within 5 s): the
   * relay may be forking the meeting or withholding commits. Called with the full list whenever it
   * changes; an empty list clears the warning.
   */
  unconfirmed(members: readonly { readonly leaf: number; readonly name: string }[]): void;
  keyframeRequest(track: number): void;
  /** A member announced its media state (type 5): its microphone muted, its camera off. */
  mediaState?(m: { readonly leaf: number } & MediaState): void;
  /** A host asked this member to mute (type 6): the user decides; nothing is muted remotely. */
  muteRequest?(m: { readonly leaf: number; readonly name: string }): void;
  /** A member announced that it records the meeting, or stopped (type 7). */
  recording?(m: { readonly leaf: number; readonly name: string; readonly on: boolean }): void;
  /** A host locked or unlocked the meeting (type 8). */
  locked?(m: { readonly by: string; readonly on: boolean }): void;
  /** Someone asked to join while the meeting is locked: nobody admits them. */
  refusedWhileLocked?(m: { readonly name: string }): void;
  /** A member removed others by value in its commit (a host's removal, or of unauthorised members). */
  removedBy?(m: { readonly by: string; readonly removed: readonly string[] }): void;
}

export interface SessionOptions {
  readonly origin: string;
  readonly meetingId: string;
  /** The link's secret: known to the creator and to link joiners, never sent inside the meeting. */
  readonly inviteSecret: Uint8Array | undefined;
  /** The media workers' ports: media flows between them and the relay worker, not through here. */
  readonly mediaPorts: MediaPorts;
  /** Set for the creator: the relay's ExternalSender to put in the new group, and the host token. */
  readonly create?: { readonly externalSender: Uint8Array; readonly hostToken: string };
  /** The host token of a creator that rejoins as a member (it can still end the meeting). */
  readonly hostToken?: string;
  /** Called with each new resume token: the page keeps it to give up this seat after a reload. */
  readonly onSeat?: (resumeToken: string) => void;
  /** Each member with rank n (by leaf index) waits n times this before committing; default 1.5 s. */
  readonly commitBackoffMs?: number;
  /** How long a joiner waits for the admission attestation; default 10 s. */
  readonly attestationTimeoutMs?: number;
  /** How long after entering an epoch each member must have sent its beacon; default 5 s. */
  readonly beaconTimeoutMs?: number;
}

interface Request {
  readonly keyPackage: KeyPackage;
  readonly ref: string;
  readonly byApproval: boolean;
}

interface PendingCommit {
  readonly state: ClientState;
  /** The KeyPackage refs it adds. */
  readonly added: readonly string[];
  readonly removed: readonly number[];
  /** A link rotation: the secret that becomes this member's once the commit wins. */
  readonly newSecret?: Uint8Array;
}

/** A joiner between its Welcome and the group's attestation. */
interface Admission {
  readonly epoch: bigint;
  readonly groupId: Uint8Array;
  readonly epochAuthenticator: Uint8Array;
  readonly hosts: readonly Uint8Array[];
  readonly byLink: boolean;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class MeetingSession {
  private readonly connection: RelayLink;
  private queue: Promise<void> = Promise.resolve();
  private state: ClientState | undefined;
  private created: ClientState | undefined;
  private joinBundle: { bundle: KeyPackageBundle; byApproval: boolean } | undefined;
  /** The first join's KeyPackage, made while the socket connects (KeyPackages are single-use). */
  private prepared: Promise<{ bundle: KeyPackageBundle; byApproval: boolean }> | undefined;
  private resume: string | undefined;
  private secret: Uint8Array | undefined;
  /** The invite public key of {@link secret}, to compare with the group's. */
  private secretKey: Uint8Array | undefined;
  private pending: PendingCommit | undefined;
  private readonly requests = new Map<string, Request>();
  private readonly awaitingApproval = new Map<string, KeyPackage>();
  private waitingFullWarned = false;
  /** Commits of this member the relay refused in a row in epoch `refusedEpoch`. */
  private refusedInARow = 0;
  private refusedEpoch: bigint | undefined;
  private readonly flags = new Flags();
  /** KeyPackage refs added in this meeting as far as this member knows: never added twice. */
  private readonly seen = new Set<string>();
  private readonly warnedPins = new Set<string>();
  private admission: Admission | undefined;
  /** Epoch beacons received: epoch → sender leaves. */
  private readonly beacons = new Map<bigint, Set<number>>();
  private beaconCheck: { readonly epoch: bigint; due: boolean } | undefined;
  private lastUnconfirmed = '';
  /**
   * Application data held back while proposals are pending (RFC 9420 §12.4: commit before sending
   * application data), in the order it was sent; `epoch` is set for data that names its epoch
   * (beacon, attestation), which is dropped if the epoch is over when the queue is flushed.
   */
  private readonly held: { readonly data: Uint8Array; readonly epoch?: bigint }[] = [];
  private ended = false;
  /** Who joins; set by {@link join}. Until then the session only holds its seat on the relay. */
  private person: { readonly name: string; readonly keys: SigningKeys } | undefined;
  /** The relay answered this socket's `hello`. */
  private socketReady = false;
  private connected = false;
  /** This member's media state, announced to the others on every epoch (type 5). */
  private media: MediaState | undefined;
  /** A host locked the meeting: no member admits anyone (type 8). */
  private lockedByHost = false;

  /** The invite key pair of the link's secret, derived from {@link connect} on (the lobby). */
  private lobbyInviteKeys: Promise<InviteKeyPair> | undefined;

  constructor(private readonly options: SessionOptions, private listener: SessionListener) {
    this.secret = options.inviteSecret;
    const ws = new URL('/ws', options.origin);
    ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
    this.connection = new RelayLink(ws.toString(), options.mediaPorts, {
      opened: (resuming) => this.enqueue(() => this.onOpened(resuming)),
      control: (m) => this.enqueue(() => this.onControl(m)),
      state: (s) => this.onConnectionState(s),
    });
  }

  /**
   * Opens the relay connection and takes a seat in the meeting (`hello`), without asking to join:
   * the lobby calls it while the person picks devices and types a name, so that the join click
   * waits only for MLS. Idempotent.
   */
  connect(): void {
    if (this.connected) return;
    this.connected = true;
    this.connection.start();
    // Derived while the person is in the lobby, so that the join click does not wait for it (the
    // first Ed25519 use also builds the curve library's precomputed tables).
    if (this.secret !== undefined && this.lobbyInviteKeys === undefined) {
      this.lobbyInviteKeys = inviteKeyPair(this.secret, this.options.meetingId);
      this.lobbyInviteKeys.catch(() => undefined);
    }
  }

  /** From now on events go to `listener` (the lobby's listener is replaced by the meeting's). */
  setListener(listener: SessionListener): void {
    this.listener = listener;
  }

  /**
   * Joins as `name` with the device's signing `keys`: the creator makes the group and registers
   * it, a joiner sends its KeyPackage. Connects first if {@link connect} was not called.
   */
  async join(name: string, keys: SigningKeys): Promise<void> {
    if (this.person !== undefined) throw new Error('already joining');
    const person = { name, keys };
    if (this.secret !== undefined) this.secretKey = (await (this.lobbyInviteKeys ?? inviteKeyPair(this.secret, this.options.meetingId))).publicKey;
    performance.mark('conclave:invite-key');
    if (this.options.create !== undefined) {
      if (this.secretKey === undefined) throw new Error('the creator needs the invite secret');
      const bundle = await makeKeyPackage(name, keys, undefined);
      this.created = await createMeetingGroup(this.options.meetingId, bundle, this.options.create.externalSender, keys.publicKey, this.secretKey);
    } else {
      this.prepared = this.joinKeyPackage(person);
      // Failures surface where it is used (requestEntry).
      this.prepared.catch(() => undefined);
    }
    this.connect();
    await this.enqueue(async () => {
      this.person = person;
      if (this.socketReady) await this.requestEntry();
    });
  }

  /** A KeyPackage to join with, carrying the invite proof (bound to its init key) when the secret is known. */
  private async joinKeyPackage(person: { readonly name: string; readonly keys: SigningKeys }): Promise<{ bundle: KeyPackageBundle; byApproval: boolean }> {
    const secret = this.secret;
    const proof = secret === undefined ? undefined
      : (initKey: Uint8Array, identity: Uint8Array) => computeInviteProof(secret, this.options.meetingId, person.keys.publicKey, identity, initKey);
    const bundle = await makeKeyPackage(person.name, person.keys, proof);
    performance.mark('conclave:key-package-made');
    return { bundle, byApproval: proof === undefined };
  }

  /** The link's secret, while it is the group's current invite key (a rotation by another host ends it). */
  get inviteSecret(): string | undefined {
    return this.secret === undefined || !this.holdsCurrentSecret() && this.state !== undefined ? undefined : encodeInviteSecret(this.secret);
  }

  get isMember(): boolean {
    return this.state !== undefined;
  }

  /** A member whose admission the group proved (the creator, or a joiner after the attestation). */
  get isAdmitted(): boolean {
    return this.state !== undefined && this.admission === undefined;
  }

  get isHost(): boolean {
    return this.state !== undefined && this.person !== undefined && isHostKey(this.state, this.person.keys.publicKey);
  }

  sendChat(text: string): Promise<void> {
    return this.enqueue(async () => {
      if (!this.isAdmitted) throw new Error('not admitted to the meeting yet');
      await this.sendApplication(chatMessage(text));
      this.listener.chat({ leaf: ownLeaf(this.state!), name: displayName(this.person!.name), text, self: true });
    });
  }

  /**
   * Asks the member at `leaf` for a keyframe on video `track` (docs/PROTOCOL.md "Keyframe
   * requests"); only members may ask, so it is dropped before joining.
   */
  requestKeyframe(leaf: number, track: number): void {
    if (this.state === undefined || this.ended) return;
    this.connection.send({ type: 'keyframe_request', leaf, track });
  }

  /** A host admits (or refuses) a joiner that has no valid invite proof. */
  decide(from: string, admit: boolean): Promise<void> {
    return this.enqueue(async () => {
      const kp = this.awaitingApproval.get(from);
      this.awaitingApproval.delete(from);
      this.listener.joinRequestGone(from);
      if (kp !== undefined && !admit) this.connection.send({ type: 'refuse_join', to: from, reason: 'denied' });
      if (kp === undefined || !admit) return;
      this.requests.set(from, { keyPackage: kp, ref: await keyPackageRef(kp), byApproval: true });
      this.scheduleCommit();
    });
  }

  /**
   * A host rotates the invite link (docs/PROTOCOL.md "Rotation"): a GroupContextExtensions proposal
   * by value with the invite key of a fresh secret. Proofs of the old link fail from then on.
   * Resolves with the new secret (for the link) once the commit was sent; it takes effect when the
   * relay accepts it.
   *
   * @throws Error if this member is not an admitted host
   */
  rotateInviteLink(): Promise<void> {
    return this.enqueue(async () => {
      const s = this.state;
      if (s === undefined || !this.isAdmitted || !this.isHost) throw new Error('only a host can rotate the invite link');
      if (this.pending !== undefined) throw new Error('a commit is in flight: try again');
      const secret = generateInviteSecret();
      const key = (await inviteKeyPair(secret, this.options.meetingId)).publicKey;
      const extensions = [
        ...s.groupContext.extensions.filter((e) => e.extensionType !== INVITE_KEY_EXTENSION),
        { extensionType: INVITE_KEY_EXTENSION, extensionData: key },
      ];
      await this.sendCommit(s, [{ proposalType: 'group_context_extensions', groupContextExtensions: { extensions } }], [], [], secret);
    });
  }

  /**
   * Tells the others whether this member's microphone is muted and its camera off (type 5). Sent
   * now if admitted, and again in every new epoch, so that joiners learn it.
   */
  setMediaState(state: MediaState): Promise<void> {
    this.media = state;
    return this.enqueue(async () => {
      if (this.isAdmitted) await this.sendApplication(mediaStateMessage(state));
    });
  }

  get isLocked(): boolean {
    return this.lockedByHost;
  }

  /**
   * A host locks (or unlocks) the meeting (type 8): while locked, no member commits anyone's
   * admission, by link or by approval; knocks are shown to hosts as refused. Announced again by
   * hosts in every epoch, so that members who join later know it.
   */
  setLocked(on: boolean): Promise<void> {
    return this.enqueue(async () => {
      if (!this.isAdmitted || !this.isHost) throw new Error('only a host can lock the meeting');
      this.lockedByHost = on;
      if (on) {
        this.requests.clear();
        for (const from of this.awaitingApproval.keys()) this.listener.joinRequestGone(from);
        this.awaitingApproval.clear();
      }
      await this.sendApplication(lockMessage(on));
      this.listener.locked?.({ by: displayName(this.person!.name), on });
    });
  }

  /** A host asks the member at `leaf` to mute (type 6); that member's client asks its user. */
  askToMute(leaf: number): Promise<void> {
    return this.enqueue(async () => {
      if (!this.isAdmitted || !this.isHost) throw new Error('only a host can ask others to mute');
      await this.sendApplication(muteRequestMessage(leaf));
    });
  }

  /**
   * A host removes the member at `leaf`: a Remove by value in this host's commit (RFC 9420
   * §12.1.3). Resolves once the commit was sent; every member applies it when the relay orders it.
   */
  removeMember(leaf: number): Promise<void> {
    return this.enqueue(async () => {
      const s = this.state;
      if (s === undefined || !this.isAdmitted || !this.isHost) throw new Error('only a host can remove someone');
      if (leaf === ownLeaf(s) || !members(s).some((m) => m.leaf === leaf)) throw new Error('no such member');
      if (this.pending !== undefined) throw new Error('a commit is in flight: try again');
      await this.sendCommit(s, [{ proposalType: 'remove', remove: { removed: leaf } }], [], [leaf]);
    });
  }

  /**
   * A host makes the member at `leaf` a host too: a GroupContextExtensions proposal by value whose
   * `conclave_hosts` adds that member's signature key (every member refuses such a change from a
   * non-host: rule `gce_not_host`). With `host` false, removes it from the list (never the last host).
   */
  setHost(leaf: number, host: boolean): Promise<void> {
    return this.enqueue(async () => {
      const s = this.state;
      if (s === undefined || !this.isAdmitted || !this.isHost) throw new Error('only a host can change the hosts');
      const member = members(s).find((m) => m.leaf === leaf);
      if (member === undefined) throw new Error('no such member');
      if (this.pending !== undefined) throw new Error('a commit is in flight: try again');
      const current = hosts(s);
      const next = host ? [...current.filter((k) => !equalBytes(k, member.signatureKey)), member.signatureKey]
        : current.filter((k) => !equalBytes(k, member.signatureKey));
      if (next.length === 0) throw new Error('a meeting needs a host');
      const extensions = [
        ...s.groupContext.extensions.filter((e) => e.extensionType !== HOSTS_EXTENSION),
        { extensionType: HOSTS_EXTENSION, extensionData: encodeHosts(next) },
      ];
      await this.sendCommit(s, [{ proposalType: 'group_context_extensions', groupContextExtensions: { extensions } }], [], []);
    });
  }

  /**
   * This person compared the security code with the member at `leaf` and marks its key verified
   * (or takes the mark back); the roster is shown again.
   */
  setVerified(leaf: number, verified: boolean): Promise<void> {
    return this.enqueue(async () => {
      const s = this.state;
      const m = s === undefined ? undefined : members(s).find((x) => x.leaf === leaf);
      if (m === undefined || leaf === ownLeaf(s!)) return;
      await markVerified(m.name, await fingerprint(m.signatureKey), verified);
      await this.showRoster();
    });
  }

  /**
   * Ends the meeting for everyone (a host that holds the meeting's host token): the relay closes
   * every connection with 4410 and the meeting is over.
   *
   * @throws Error without the host token
   */
  endMeeting(): void {
    const token = this.options.hostToken ?? this.options.create?.hostToken;
    if (token === undefined) throw new Error('only the host that holds the host token can end the meeting');
    this.connection.send({ type: 'end_meeting', hostToken: token });
  }

  /** Whether this page holds the meeting's host token (it created the meeting). */
  get canEndMeeting(): boolean {
    return (this.options.hostToken ?? this.options.create?.hostToken) !== undefined;
  }

  /** Leaves for good: the relay proposes this member's removal at once. */
  leave(): void {
    this.ended = true;
    this.clearTimers();
    this.connection.send({ type: 'bye' });
    this.connection.stop(1000, 'left');
    this.listener.status({ kind: 'closed', reason: 'left', detail: 'You left the meeting.' });
  }

  // ---- event queue ----

  private enqueue(task: () => Promise<void> | void): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((e: unknown) => {
      console.error('meeting event failed', e);
    });
    return run;
  }

  private onConnectionState(s: ConnectionState): void {
    // A new socket, or none: it has to say hello again.
    if (s.kind !== 'open') this.socketReady = false;
    if (this.ended) return;
    switch (s.kind) {
      case 'connecting':
        this.listener.status({ kind: 'connecting' });
        break;
      case 'open':
        break;
      case 'reconnecting':
      case 'unreachable':
        this.listener.status(s);
        break;
      case 'closed':
        this.ended = true;
        this.clearTimers();
        this.listener.status({ kind: 'closed', ...closeReason(s.code) });
        break;
    }
  }

  private clearTimers(): void {
    if (this.admission !== undefined) clearTimeout(this.admission.timer);
  }

  private onOpened(resuming: boolean): void {
    // Join phases as performance marks ("conclave:…"), read by the acceptance test's report.
    performance.mark('conclave:socket-open');
    this.connection.send(resuming && this.resume !== undefined
      ? { type: 'hello', meeting: this.options.meetingId, resume: this.resume }
      : { type: 'hello', meeting: this.options.meetingId });
  }

  private async onControl(m: ServerMessage): Promise<void> {
    if (this.ended) return;
    switch (m.type) {
      case 'ready':
        return this.onReady(m);
      case 'registered':
        if (this.created !== undefined) {
          const s = this.created;
          this.created = undefined;
          await this.becomeMember(s);
        }
        return;
      case 'join_request':
        return this.onJoinRequest(m.from, m.keyPackage);
      case 'proposal':
        return this.onProposal(m.epoch, m.proposal);
      case 'commit':
        return this.onCommit(m.commit);
      case 'commit_accepted':
        return this.onAccepted();
      case 'commit_rejected':
        return this.onRejected(m.reason);
      case 'welcome':
        return this.onWelcome(m.welcome);
      case 'application':
        return this.onApplication(m.message);
      case 'keyframe_request':
        // Only a member whose admission was proven sends media.
        if (this.isAdmitted) this.listener.keyframeRequest(m.track);
        return;
      case 'join_refused':
        return this.onJoinRefused(m.reason);
      case 'join_request_withdrawn':
        return this.onJoinRequestWithdrawn(m.from);
    }
  }

  private async onReady(r: Extract<ServerMessage, { type: 'ready' }>): Promise<void> {
    performance.mark('conclave:ready');
    this.socketReady = true;
    const resumed = this.resume !== undefined && r.resume === this.resume;
    this.resume = r.resume;
    this.options.onSeat?.(r.resume);
    if (resumed && this.state !== undefined) {
      if (r.epoch !== this.state.groupContext.epoch) {
        // Commits went by while the socket was down; the relay does not replay them. Start over.
        this.listener.warning('Missed changes to the meeting while disconnected: joining again.');
        this.connection.send({ type: 'bye' });
        this.clearTimers();
        this.admission = undefined;
        this.state = undefined;
        this.resume = undefined;
        this.connection.reconnectNow();
        return;
      }
      this.listener.status(this.admission === undefined ? { kind: 'joined' } : { kind: 'verifying', byApproval: !this.admission.byLink });
      return;
    }
    if (this.person !== undefined) await this.requestEntry();
  }

  /** On a ready socket, once joining: the creator registers its group, a joiner asks to be added. */
  private async requestEntry(): Promise<void> {
    if (this.created !== undefined) {
      this.connection.send({ type: 'register_group', groupInfo: await groupInfoMessage(this.created), hostToken: this.options.create!.hostToken });
      return;
    }
    if (this.state === undefined && this.person !== undefined) {
      const prepared = this.prepared ?? this.joinKeyPackage(this.person);
      this.prepared = undefined;
      const joining = await prepared;
      this.joinBundle = joining;
      this.connection.send({ type: 'join_request', keyPackage: keyPackageMessage(joining.bundle.publicPackage) });
      performance.mark('conclave:join-request-sent');
      this.listener.status({ kind: 'waiting', byApproval: joining.byApproval });
    }
  }

  /**
   * A member answered this joiner's request without adding it (relayed, so a hint only: the relay
   * could forge it, as it could drop the request). `denied` ends the wait; `invalid_invite` turns
   * it into a wait for a host.
   */
  private onJoinRefused(reason: 'denied' | 'invalid_invite'): void {
    if (this.state !== undefined || this.joinBundle === undefined) return;
    if (reason === 'invalid_invite') {
      this.listener.warning('This invite link is not valid any more (wrong, or replaced by a new one). A host can still let you in.');
      this.listener.status({ kind: 'waiting', byApproval: true });
      return;
    }
    this.ended = true;
    this.clearTimers();
    this.connection.send({ type: 'bye' });
    this.connection.stop(1000, 'denied');
    this.listener.status({ kind: 'closed', reason: 'denied', detail: 'A host did not let you in.' });
  }

  private async onWelcome(welcomeBytes: Uint8Array): Promise<void> {
    if (this.state !== undefined || this.joinBundle === undefined) return;
    performance.mark('conclave:welcome-received');
    const m = decodeMessage(welcomeBytes);
    if (m.wireformat !== 'mls_welcome') return;
    const { bundle, byApproval } = this.joinBundle;
    const s = await joinGroup(m.welcome, bundle.publicPackage, bundle.privatePackage, emptyPskIndex, await suite());
    performance.mark('conclave:welcome-processed');
    if (!equalBytes(s.groupContext.groupId, new TextEncoder().encode(this.options.meetingId))) {
      this.listener.warning('Refused an invitation into a group that is not this meeting (the server may be running a fake meeting).');
      return;
    }
    this.joinBundle = undefined;
    this.seen.add(await keyPackageRef(bundle.publicPackage));
    const byLink = !byApproval;
    this.admission = {
      epoch: s.groupContext.epoch,
      groupId: s.groupContext.groupId,
      epochAuthenticator: s.keySchedule.epochAuthenticator,
      hosts: hosts(s),
      byLink,
      timer: setTimeout(() => void this.enqueue(() => this.admissionTimedOut()), this.options.attestationTimeoutMs ?? 10_000),
    };
    this.listener.status({ kind: 'verifying', byApproval: !byLink });
    await this.becomeMember(s);
  }

  private async becomeMember(s: ClientState): Promise<void> {
    this.state = s;
    if (this.admission === undefined) this.listener.status({ kind: 'joined' });
    await this.newEpoch();
    this.scheduleCommit();
  }

  /** The group proved itself to this joiner: it may send from now on. */
  private async admitted(notice: string): Promise<void> {
    const a = this.admission;
    if (a === undefined || this.state === undefined) return;
    clearTimeout(a.timer);
    this.admission = undefined;
    performance.mark('conclave:admitted');
    this.listener.notice(notice);
    this.listener.status({ kind: 'joined' });
    // The current epoch's keys again, now for sending too; then this member's beacon.
    await this.newEpoch();
    this.scheduleCommit();
  }

  private admissionTimedOut(): void {
    const a = this.admission;
    if (a === undefined || this.ended) return;
    this.admission = undefined;
    this.ended = true;
    this.state = undefined;
    this.connection.send({ type: 'bye' });
    this.connection.stop(1000, 'unverified');
    const detail = a.byLink
      ? 'The meeting could not prove that it knows the invite link, so this device left it: the server may be running a fake meeting. Nothing was sent.'
      : 'No host of this meeting confirmed letting you in, so this device left it: the server may be running a fake meeting. Nothing was sent.';
    this.listener.warning(detail);
    this.listener.status({ kind: 'closed', reason: 'unverified', detail });
  }

  // ---- join requests and proposals ----

  /** The link's secret is the one of the group's current invite key. */
  private holdsCurrentSecret(): boolean {
    const key = this.state === undefined ? undefined : inviteKey(this.state.groupContext.extensions);
    return key !== undefined && this.secretKey !== undefined && equalBytes(key, this.secretKey);
  }

  private async onJoinRequest(from: string, bytes: Uint8Array): Promise<void> {
    const s = this.state;
    if (s === undefined) return;
    const m = decodeMessage(bytes);
    if (m.wireformat !== 'mls_key_package') return;
    const kp = m.keyPackage;
    const leaf = kp.leafNode;
    const { name, identity } = leafName(leaf as never);
    const ref = await keyPackageRef(kp);
    if (identity === undefined || this.seen.has(ref) || !keyPackageValidNow(kp)) return;
    // A KeyPackage a Java member would refuse is not committed (rfc-checks.ts).
    if (await keyPackageProblem(kp) !== undefined) return;
    if (this.lockedByHost) {
      if (this.isHost) this.listener.refusedWhileLocked?.({ name });
      return;
    }
    const proof = leaf.extensions.find((e) => e.extensionType === INVITE_PROOF_EXTENSION)?.extensionData;
    const valid = await verifyInviteProof(inviteKey(s.groupContext.extensions), this.options.meetingId, leaf.signaturePublicKey, identity, kp.initKey, proof);
    if (valid && this.holdsCurrentSecret()) {
      this.requests.set(from, { keyPackage: kp, ref, byApproval: false });
      this.scheduleCommit();
    } else if (!valid && this.isHost && !this.awaitingApproval.has(from)) {
      if (this.awaitingApproval.size >= MAX_WAITING) {
        // Knocks come from the relay, which could send any number: the list stays bounded.
        if (!this.waitingFullWarned) this.listener.warning(`More than ${MAX_WAITING} people are asking to join; others are not listed until you admit or deny some.`);
        this.waitingFullWarned = true;
        return;
      }
      this.waitingFullWarned = false;
      this.awaitingApproval.set(from, kp);
      if (proof !== undefined) {
        // A proof made with another secret: a wrong or replaced link (or someone guessing).
        this.listener.warning(`${displayName(name)} tried to join with a wrong or old invite link. Let them in only if you know them.`);
        this.connection.send({ type: 'refuse_join', to: from, reason: 'invalid_invite' });
      }
      this.listener.joinRequest({ from, name, fingerprint: await fingerprint(leaf.signaturePublicKey) });
    }
  }

  /**
   * The relay says the participant `from` is gone without having been added (docs/PROTOCOL.md
   * "Waiting room"): its knock leaves the waiting list and its request is not committed. A hint,
   * like the request itself; a commit already on its way still adds it, and the relay then
   * proposes that leaf's removal.
   */
  private onJoinRequestWithdrawn(from: string): void {
    this.requests.delete(from);
    if (this.awaitingApproval.delete(from)) this.listener.joinRequestGone(from);
  }

  /** Only the relay's Removes of non-blank leaves are stored; everything else is dropped unprocessed. */
  private async onProposal(epoch: bigint, bytes: Uint8Array): Promise<void> {
    const s = this.state;
    if (s === undefined || epoch !== s.groupContext.epoch) return;
    const m = decodeMessage(bytes);
    if (!acceptableProposal(m, s)) return;
    // One Remove per leaf is enough: the relay could otherwise fill this epoch's store with copies
    // that differ only in their authenticated data.
    const c = m.publicMessage.content;
    const leaf = c.contentType === 'proposal' && c.proposal.proposalType === 'remove' ? c.proposal.remove.removed : undefined;
    if (Object.values(s.unappliedProposals).some((p) => p.proposal.proposalType === 'remove' && p.proposal.remove.removed === leaf)) return;
    const r = await processMessage(m, s, emptyPskIndex, acceptAll, await suite());
    this.state = r.newState;
    this.scheduleCommit();
  }

  // ---- commits ----

  /** The relay's stored Removes this member may commit by reference (never its own leaf). */
  private relayRemoves(s: ClientState): UnappliedProposals {
    const own = ownLeaf(s);
    return Object.fromEntries(Object.entries(s.unappliedProposals)
      .filter(([, p]) => p.senderLeafIndex === undefined && p.proposal.proposalType === 'remove' && p.proposal.remove.removed !== own));
  }

  private proposalsToCommit(s: ClientState): { proposals: Proposal[]; added: string[]; removed: number[] } {
    const present = members(s);
    const proposals: Proposal[] = [];
    const added: string[] = [];
    const removed = Object.values(this.relayRemoves(s)).map((p) => (p.proposal as { remove: { removed: number } }).remove.removed);
    const holds = this.holdsCurrentSecret();
    for (const r of this.requests.values()) {
      const key = r.keyPackage.leafNode.signaturePublicKey;
      if (r.byApproval ? !this.isHost : !holds) continue;
      if (this.seen.has(r.ref) || added.includes(r.ref) || !keyPackageValidNow(r.keyPackage)) continue;
      if (present.some((m) => equalBytes(m.signatureKey, key))) continue;
      proposals.push({ proposalType: 'add', add: { keyPackage: r.keyPackage } });
      added.push(r.ref);
    }
    for (const leaf of this.flags.leaves) {
      if (removed.includes(leaf) || !present.some((m) => m.leaf === leaf)) continue;
      proposals.push({ proposalType: 'remove', remove: { removed: leaf } });
      removed.push(leaf);
    }
    return { proposals, added, removed };
  }

  private hasWork(): boolean {
    const s = this.state;
    if (s === undefined || !this.isAdmitted || this.ownRank() === undefined) return false;
    const { proposals, removed } = this.proposalsToCommit(s);
    return proposals.length > 0 || removed.length > 0;
  }

  private hostWork(): boolean {
    return this.isHost && [...this.requests.values()].some((r) => r.byApproval);
  }

  /** Rank among the members not flagged as unauthorised, by leaf index; undefined if this member is flagged. */
  private ownRank(): number | undefined {
    const s = this.state!;
    return removalRank(ownLeaf(s), members(s).map((m) => m.leaf), this.flags.leaves);
  }

  /**
   * The relay refused this member's commit. Usually another commit of the epoch won (it arrives,
   * the epoch moves, and the work is committed in the next one). Refusals in a row within one
   * epoch back off (docs/PROTOCOL.md "Commits"), so that a relay refusing everything cannot keep
   * this page committing as fast as it can.
   */
  private onRejected(reason: string): void {
    this.pending = undefined;
    const epoch = this.state?.groupContext.epoch;
    if (epoch !== this.refusedEpoch) {
      this.refusedEpoch = epoch;
      this.refusedInARow = 0;
    }
    this.refusedInARow++;
    if (this.refusedInARow === REFUSALS_REPORTED) {
      console.warn(`the relay refused ${REFUSALS_REPORTED} commits in a row (last: ${reason.slice(0, 40)}); retrying less often`);
    }
    this.scheduleCommit(refusalBackoffMs(this.refusedInARow));
  }

  private scheduleCommit(extraDelayMs = 0): void {
    if (this.state === undefined || !this.hasWork()) return;
    const delay = extraDelayMs + (this.hostWork() ? 0 : (this.options.commitBackoffMs ?? 1500) * (this.ownRank() ?? 0));
    const epoch = this.state.groupContext.epoch;
    setTimeout(() => {
      void this.enqueue(async () => {
        if (this.state !== undefined && this.state.groupContext.epoch === epoch) await this.commitPending();
      });
    }, delay);
  }

  private async commitPending(): Promise<void> {
    const s = this.state;
    if (s === undefined || this.pending !== undefined || !this.hasWork()) return;
    const { proposals, added, removed } = this.proposalsToCommit(s);
    await this.sendCommit(s, proposals, added, removed);
  }

  /**
   * Commits `proposals` by value, plus the relay's stored Removes by reference, and nothing else:
   * ts-mls bundles every stored proposal, so it is given only those.
   */
  private async sendCommit(s: ClientState, proposals: Proposal[], added: string[], removed: number[], newSecret?: Uint8Array): Promise<void> {
    const cs = await suite();
    let result;
    try {
      result = await createCommit({ state: { ...s, unappliedProposals: this.relayRemoves(s) }, cipherSuite: cs },
        { extraProposals: proposals, wireAsPublicMessage: true, ratchetTreeExtension: true });
    } catch (e) {
      // A KeyPackage the group refuses would fail every retry.
      for (const [participant, r] of this.requests) if (added.includes(r.ref)) this.requests.delete(participant);
      throw e;
    }
    const next = result.newState;
    this.pending = { state: next, added, removed, ...(newSecret === undefined ? {} : { newSecret }) };
    const welcome = result.welcome === undefined ? undefined
      : encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: result.welcome });
    this.connection.send({
      type: 'commit',
      epoch: s.groupContext.epoch,
      commit: encodeMlsMessage(result.commit),
      ...(welcome === undefined ? {} : { welcome }),
      groupInfo: await groupInfoMessage(next),
    });
  }

  private async onAccepted(): Promise<void> {
    const p = this.pending;
    const before = this.state;
    if (p === undefined || before === undefined) return;
    this.pending = undefined;
    this.state = p.state;
    if (p.newSecret !== undefined) {
      this.secret = p.newSecret;
      this.secretKey = (await inviteKeyPair(p.newSecret, this.options.meetingId)).publicKey;
      this.listener.notice('You rotated the invite link: links shared before no longer let anyone in.');
    }
    for (const ref of p.added) this.seen.add(ref);
    if (p.added.length > 0) {
      // docs/PROTOCOL.md "Joining" step 5: the group proves itself to the joiners.
      const s = this.state;
      const mac = this.holdsCurrentSecret() && this.secret !== undefined
        ? await computeAttestation(this.secret, this.options.meetingId, s.groupContext.groupId, s.groupContext.epoch, s.keySchedule.epochAuthenticator)
        : new Uint8Array(0);
      await this.sendApplication(typed(AppMessageType.ATTESTATION, mac), s.groupContext.epoch);
    }
    await this.afterCommit(p.removed, []);
  }

  private async onCommit(bytes: Uint8Array): Promise<void> {
    const s = this.state;
    if (s === undefined) return;
    const m = decodeMessage(bytes);
    if (m.wireformat !== 'mls_public_message' || m.publicMessage.content.contentType !== 'commit') {
      this.listener.warning('Refused a change to the meeting that was not sent in the clear form every member can check.');
      return;
    }
    const content = m.publicMessage.content;
    if (content.epoch !== s.groupContext.epoch) return;
    // Another commit of this epoch won (RFC 9420 §14): ours is void.
    this.pending = undefined;
    const read = await readCommit(content, s, this.options.meetingId, this.seen);
    const verdict = decideCommit(read.facts);
    const problem = await commitProblem(content);
    if (problem !== undefined) {
      // RFC 9420 checks ts-mls does not make (rfc-checks.ts): refuse as a Java member would.
      this.listener.warning(`Refused an invalid change to the meeting (${problem}). This device stays where it was.`);
      return;
    }
    const committer = read.committerLeaf === undefined ? undefined : members(s).find((x) => x.leaf === read.committerLeaf);
    const by = committer === undefined ? 'someone outside the meeting' : `${committer.name} (${await fingerprint(committer.signatureKey)})`;
    if (verdict.verdict === 'refuse') {
      this.listener.warning(`Refused a change to the meeting by ${by} (${RULE_TEXT[verdict.rule]}). This device stays where it was; `
        + 'only a malicious server or member sends such a change.');
      return;
    }
    let r;
    try {
      r = await processMessage(m, s, emptyPskIndex, acceptAll, await suite());
    } catch (e) {
      if (read.removed.includes(ownLeaf(s))) {
        // ts-mls throws for a member whose leaf the same commit refills (ts-mls-notes item 5).
        this.removed();
        return;
      }
      console.error('commit could not be applied', e);
      this.listener.warning(`A change to the meeting by ${by} could not be applied: this device stays where it was. If the warning about unconfirmed members persists, leave and join again.`);
      return;
    }
    this.state = r.newState;
    if (r.newState.groupActiveState.kind === 'removedFromGroup') {
      this.removed();
      return;
    }
    const unauthorised: { leaf: number; key: Uint8Array }[] = [];
    for (const [i, add] of read.adds.entries()) {
      this.seen.add(add.ref);
      if (verdict.adds[i] !== 'none') continue;
      const leaf = leafOfKeyPackage(this.state, add.keyPackage);
      if (leaf === undefined || leaf === ownLeaf(this.state)) continue;
      unauthorised.push({ leaf, key: add.keyPackage.leafNode.signaturePublicKey });
      const { name } = leafName(add.keyPackage.leafNode as never);
      this.listener.warning(`${name} was added to the meeting by ${by} without a valid invite proof or a host's approval: marked as unauthorised until removed.`);
    }
    for (const shown of verdict.shown) {
      this.listener.notice(shown === 'hosts_changed' ? `${by} changed who the hosts of this meeting are.`
        : `${by} rotated the invite link: links shared before no longer let anyone in.`);
    }
    const gone: string[] = [];
    for (const p of content.commit.proposals) {
      if (p.proposalOrRefType !== 'proposal' || p.proposal.proposalType !== 'remove') continue;
      const leaf = p.proposal.remove.removed;
      gone.push(members(s).find((x) => x.leaf === leaf)?.name ?? `member ${leaf}`);
    }
    if (gone.length > 0 && committer !== undefined) {
      this.listener.removedBy?.({ by: committer.name, removed: gone });
    }
    await this.afterCommit(read.removed, unauthorised);
  }

  private removed(): void {
    this.state = undefined;
    this.held.length = 0;
    this.ended = true;
    this.clearTimers();
    this.connection.stop(1000, 'removed');
    this.listener.status({ kind: 'closed', reason: 'removed', detail: 'You were removed from the meeting.' });
  }

  /** The new epoch's flags, keys, roster and code; then whatever work remains. */
  private async afterCommit(removed: readonly number[], unauthorised: readonly { leaf: number; key: Uint8Array }[]): Promise<void> {
    const s = this.state!;
    this.flags.update(removed, unauthorised, s.ratchetTree);
    const after = members(s);
    for (const [participant, r] of this.requests) {
      if (this.seen.has(r.ref) || after.some((m) => equalBytes(m.signatureKey, r.keyPackage.leafNode.signaturePublicKey))) this.requests.delete(participant);
    }
    await this.newEpoch();
    await this.flushHeld();
    this.scheduleCommit();
  }

  private async newEpoch(): Promise<void> {
    const s = this.state!;
    const own = ownLeaf(s);
    const all = members(s);
    const epoch = s.groupContext.epoch;
    // Keys first: frames of the new epoch are already arriving; the roster (fingerprints, pins in
    // IndexedDB) can follow.
    this.listener.keys({ epoch, baseKey: await sframeBaseKey(s), groupSize: leafCount(s), leaves: all.map((m) => m.leaf), ownLeaf: own, send: this.isAdmitted });
    await this.showRoster();
    if (this.isAdmitted) {
      await this.enterEpochBeacons(epoch);
      if (this.media !== undefined) await this.sendApplication(mediaStateMessage(this.media));
      if (this.lockedByHost && this.isHost) await this.sendApplication(lockMessage(true));
    }
  }

  /** The current epoch's roster (with each key checked against the pins) and security code. */
  private async showRoster(): Promise<void> {
    const s = this.state!;
    const own = ownLeaf(s);
    const all = members(s);
    const epoch = s.groupContext.epoch;
    const roster: RosterMember[] = [];
    for (const m of all) {
      const fp = await fingerprint(m.signatureKey);
      const self = m.leaf === own;
      let pin: PinStatus = 'seen';
      let pinned: string | undefined;
      if (!self) {
        const checked = await checkPin(m.name, fp);
        pin = checked.status;
        pinned = checked.pinned;
        const warnKey = `${pin} ${m.name} ${fp}`;
        if ((pin === 'changed' || pin === 'renamed' || pin === 'verified-changed') && !this.warnedPins.has(warnKey)) {
          this.warnedPins.add(warnKey);
          this.listener.warning(pin === 'verified-changed'
            ? `${m.name}'s key changed since you verified it (verified ${checked.pinned}, now ${fp}): this may not be the person you verified. Compare the security code with them again before trusting this meeting.`
            : pin === 'changed'
              ? `${m.name} appears with a different key than before (was ${checked.pinned}, now ${fp}). Check with them before trusting this meeting.`
              : `The key ${fp}, known before as "${checked.pinned}", now appears as "${m.name}". Check who this is.`);
        }
      }
      const unauthorised = this.flags.has(m.leaf, m.signatureKey);
      roster.push({
        leaf: m.leaf, name: m.name, fingerprint: fp, pin, host: isHostKey(s, m.signatureKey), self,
        ...(pinned === undefined || pin === 'verified' || pin === 'seen' || pin === 'new' ? {} : { pinned }),
        ...(unauthorised ? { unauthorised: true as const } : {}),
      });
    }
    this.listener.epoch({ epoch, securityCode: await securityCode(s.keySchedule.epochAuthenticator), roster, ownLeaf: own });
  }

  // ---- epoch beacons (docs/PROTOCOL.md "Fork and stall detection") ----

  private async enterEpochBeacons(epoch: bigint): Promise<void> {
    for (const e of [...this.beacons.keys()]) if (e < epoch) this.beacons.delete(e);
    this.beaconCheck = { epoch, due: false };
    this.reportUnconfirmed();
    const body = new Uint8Array(8);
    new DataView(body.buffer).setBigUint64(0, epoch);
    await this.sendApplication(typed(AppMessageType.EPOCH_BEACON, body), epoch);
    setTimeout(() => void this.enqueue(() => {
      if (this.beaconCheck?.epoch !== epoch) return;
      this.beaconCheck.due = true;
      this.reportUnconfirmed();
    }), this.options.beaconTimeoutMs ?? 5000);
  }

  /** Tells the listener who has not confirmed the current epoch, when that changed. */
  private reportUnconfirmed(): void {
    const s = this.state;
    const check = this.beaconCheck;
    let missing: { leaf: number; name: string }[] = [];
    if (s !== undefined && check !== undefined && check.due && check.epoch === s.groupContext.epoch) {
      const got = this.beacons.get(check.epoch) ?? new Set<number>();
      const own = ownLeaf(s);
      missing = members(s).filter((m) => m.leaf !== own && !this.flags.has(m.leaf, m.signatureKey) && !got.has(m.leaf))
        .map((m) => ({ leaf: m.leaf, name: m.name }));
    }
    const key = missing.map((m) => m.leaf).join(',');
    if (key === this.lastUnconfirmed) return;
    this.lastUnconfirmed = key;
    this.listener.unconfirmed(missing);
  }

  // ---- application messages ----

  /**
   * Sends application data now, or holds it while proposals are pending: RFC 9420 §12.4 wants the
   * commit first, so that a member whose Remove the relay proposed does not read it. The only
   * proposals stored are the relay's Removes; `flushHeld` sends the queue once the commit entered
   * the next epoch. `epoch`: the epoch the data names (beacon, attestation), if any.
   */
  private async sendApplication(data: Uint8Array, epoch?: bigint): Promise<void> {
    if (this.state === undefined) throw new Error('not a member of the meeting');
    if (Object.keys(this.state.unappliedProposals).length > 0 || this.held.length > 0) {
      this.held.push(epoch === undefined ? { data } : { data, epoch });
      return;
    }
    await this.encryptAndSend(data);
  }

  /** Sends, in order, what was held while proposals were pending; drops what names an epoch that is over. */
  private async flushHeld(): Promise<void> {
    const s = this.state;
    if (s === undefined || this.held.length === 0 || Object.keys(s.unappliedProposals).length > 0) return;
    for (const h of this.held.splice(0)) {
      if (h.epoch !== undefined && h.epoch !== this.state!.groupContext.epoch) continue;
      await this.encryptAndSend(h.data);
    }
  }

  private async encryptAndSend(data: Uint8Array): Promise<void> {
    const r = await createApplicationMessage(this.state!, data, await suite());
    this.state = r.newState;
    this.connection.send({
      type: 'application',
      message: encodeMlsMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: r.privateMessage }),
    });
  }

  private async onApplication(bytes: Uint8Array): Promise<void> {
    const s = this.state;
    if (s === undefined) return;
    const m = decodeMessage(bytes);
    // Only application content: a proposal or commit smuggled in here would reach ts-mls's store.
    if (m.wireformat !== 'mls_private_message' || m.privateMessage.contentType !== 'application') return;
    const cs = await suite();
    const epoch = m.privateMessage.epoch;
    // The sender's leaf is authenticated by processMessage's signature check below.
    const sender = epoch === s.groupContext.epoch
      ? await decryptSenderData(m.privateMessage, s.keySchedule.senderDataSecret, cs) : undefined;
    const r = await processMessage(m, s, emptyPskIndex, acceptAll, cs);
    this.state = r.newState;
    if (r.kind !== 'applicationMessage') return;
    const leaf = sender === undefined ? -1 : Number(sender.leafIndex);
    const member = members(this.state).find((x) => x.leaf === leaf);
    const parsed = parseAppMessage(r.message);
    switch (parsed?.type) {
      case AppMessageType.CHAT:
        this.listener.chat({ leaf, name: member?.name ?? '?', text: new TextDecoder().decode(parsed.body), self: false });
        return;
      case AppMessageType.ATTESTATION:
        return this.onAttestation(epoch, member, parsed.body);
      case AppMessageType.EPOCH_BEACON: {
        if (member === undefined || parsed.body.length !== 8) return;
        if (new DataView(parsed.body.buffer, parsed.body.byteOffset, 8).getBigUint64(0) !== epoch) return;
        let got = this.beacons.get(epoch);
        if (got === undefined) this.beacons.set(epoch, got = new Set());
        got.add(member.leaf);
        this.reportUnconfirmed();
        return;
      }
      case MeetingMessageType.MEDIA_STATE: {
        const state = member === undefined ? undefined : parseMediaState(parsed.body);
        if (state !== undefined) this.listener.mediaState?.({ leaf, ...state });
        return;
      }
      case MeetingMessageType.MUTE_REQUEST: {
        // Only a host may ask, and only this member acts on a request naming its own leaf.
        if (member === undefined || !isHostKey(this.state, member.signatureKey)) return;
        if (parseMuteRequest(parsed.body) === ownLeaf(this.state)) this.listener.muteRequest?.({ leaf, name: member.name });
        return;
      }
      case MeetingMessageType.LOCK: {
        // Only a host locks; a member acts on it (stops admitting) and shows it.
        const on = member === undefined || !isHostKey(this.state, member.signatureKey) ? undefined : parseLock(parsed.body);
        if (on === undefined || on === this.lockedByHost) return;
        this.lockedByHost = on;
        if (on) this.requests.clear();
        this.listener.locked?.({ by: member!.name, on });
        return;
      }
      case MeetingMessageType.RECORDING: {
        const on = member === undefined ? undefined : parseRecording(parsed.body);
        if (on !== undefined) this.listener.recording?.({ leaf, name: member!.name, on });
        return;
      }
      default:
        // Type 2 (the retired invite secret) and unknown types are ignored.
        return;
    }
  }

  private async onAttestation(epoch: bigint, sender: MemberLeaf | undefined, body: Uint8Array): Promise<void> {
    const a = this.admission;
    if (a === undefined || epoch !== a.epoch) return;
    if (a.byLink) {
      if (this.secret === undefined || body.length === 0) return;
      if (await verifyAttestation(this.secret, this.options.meetingId, a.groupId, a.epoch, a.epochAuthenticator, body)) {
        await this.admitted('The meeting proved that it knows your invite link.');
      }
      return;
    }
    if (sender !== undefined && a.hosts.some((h) => equalBytes(h, sender.signatureKey))) {
      await this.admitted(`Admitted by ${sender.name} (${await fingerprint(sender.signatureKey)}).`);
    }
  }
}

/** Refusals in a row after which the console hears of it. */
const REFUSALS_REPORTED = 3;

/** Extra wait before committing again after `refusals` refusals in a row: none after the first, then 0.25 s doubling to 8 s. */
export function refusalBackoffMs(refusals: number): number {
  return refusals <= 1 ? 0 : Math.min(8000, 250 * 2 ** Math.min(refusals - 2, 5));
}

/** Knocks a host's waiting list holds at most (docs/PROTOCOL.md, "Waiting room"). */
export const MAX_WAITING = 50;

const RULE_TEXT: Record<Rule, string> = {
  external_commit: 'a join from outside the meeting',
  by_reference: 'it includes a proposal no member made',
  proposal_type: 'a kind of change Conclave does not allow',
  gce_not_host: 'only hosts may change the meeting settings',
  external_senders_changed: 'it changes which server may propose removals',
  hosts_invalid: 'it leaves the meeting without valid hosts or invite key',
  extensions_changed: 'it changes meeting settings Conclave does not allow to change',
};

function closeReason(code: number): { reason: Extract<SessionStatus, { kind: 'closed' }>['reason']; detail: string } {
  switch (code) {
    case CloseCode.MEETING_CLOSED:
      return { reason: 'meeting-closed', detail: 'The host ended the meeting; it is closed now.' };
    case CloseCode.LOBBY_TIMEOUT:
      return { reason: 'lobby-timeout', detail: 'Nobody let you in for a long time, so the server gave up your place in the waiting room. Reload the page to ask again.' };
    case CloseCode.UNKNOWN_MEETING:
      return { reason: 'unknown-meeting', detail: 'There is no such meeting on this server.' };
    case CloseCode.MEETING_FULL:
      return { reason: 'full', detail: 'The meeting is full.' };
    case CloseCode.NOT_AUTHORISED:
      return { reason: 'error', detail: 'The server refused to register this meeting: the host token was not accepted.' };
    case CloseCode.REPLACED:
      return { reason: 'replaced', detail: 'You joined this meeting from another tab.' };
    default:
      return { reason: 'error', detail: `The server closed the connection (${code}).` };
  }
}
