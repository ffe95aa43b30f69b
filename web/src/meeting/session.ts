/**
 * One participant's meeting state machine (DESIGN.md "Meeting lifecycle", docs/PROTOCOL.md
 * "Admission"), the browser twin of the Java client's `MeetingSession`: joins with an invite
 * proof or by host approval, commits pending work in leaf order, follows the relay's commit order
 * (RFC 9420 §14), checks every admission, and hands the media layer each epoch's SFrame base key.
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
  type IncomingMessageCallback,
  type KeyPackage,
  type Proposal,
} from 'ts-mls';
import { decryptSenderData } from 'ts-mls/privateMessage.js';
import { computeInviteProof, encodeInviteSecret, equalBytes, parseInviteSecret, verifyInviteProof } from './admission.js';
import { AppMessageType, chatMessage, parseAppMessage, typed } from './app-messages.js';
import { fingerprint, securityCode } from './codes.js';
import type { ConnectionState } from './connection.js';
import { RelayLink, type MediaPorts } from './relay-link.js';
import {
  createMeetingGroup,
  decodeMessage,
  groupInfoMessage,
  isHostKey,
  keyPackageMessage,
  leafCount,
  leafName,
  makeKeyPackage,
  members,
  ownLeaf,
  sframeBaseKey,
  suite,
  type KeyPackageBundle,
  type MemberLeaf,
} from './mls.js';
import { CloseCode, type ServerMessage } from '../protocol/control.js';
import { checkPin, type PinStatus, type SigningKeys } from '../identity/store.js';

export interface RosterMember {
  readonly leaf: number;
  readonly name: string;
  readonly fingerprint: string;
  readonly pin: PinStatus;
  readonly host: boolean;
  readonly self: boolean;
}

/** What the media layer needs of an epoch (docs/PROTOCOL.md "Keys"); handed over before anything else. */
export interface EpochKeys {
  readonly epoch: bigint;
  readonly baseKey: Uint8Array;
  readonly groupSize: number;
  /** The members' leaf indices. */
  readonly leaves: readonly number[];
  readonly ownLeaf: number;
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
  | { readonly kind: 'joined' }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'unreachable'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'closed'; readonly reason: 'meeting-closed' | 'unknown-meeting' | 'full' | 'replaced' | 'removed' | 'left' | 'error'; readonly detail: string };

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
  /** A host sent the invite secret (after approving this member): the invite link is complete now. */
  inviteSecretLearnt(): void;
  keyframeRequest(track: number): void;
}

export interface SessionOptions {
  readonly origin: string;
  readonly meetingId: string;
  /** Known to the creator and to link joiners; learnt from a host after approval. */
  readonly inviteSecret: Uint8Array | undefined;
  /** The media workers' ports: media flows between them and the relay worker, not through here. */
  readonly mediaPorts: MediaPorts;
  /** Set for the creator: the relay's ExternalSender to put in the new group. */
  readonly create?: { readonly externalSender: Uint8Array };
  /** Each member with rank n (by leaf index) waits n times this before committing; default 1.5 s. */
  readonly commitBackoffMs?: number;
}

interface Request {
  readonly keyPackage: KeyPackage;
  readonly byApproval: boolean;
}

interface PendingCommit {
  readonly state: ClientState;
  readonly before: MemberLeaf[];
  readonly approvedAdd: boolean;
}

export class MeetingSession {
  private readonly connection: RelayLink;
  private queue: Promise<void> = Promise.resolve();
  private state: ClientState | undefined;
  private created: ClientState | undefined;
  private joinBundle: KeyPackageBundle | undefined;
  /** The first join's KeyPackage, made while the socket connects (KeyPackages are single-use). */
  private prepared: Promise<{ bundle: KeyPackageBundle; byApproval: boolean }> | undefined;
  private resume: string | undefined;
  private secret: Uint8Array | undefined;
  private pending: PendingCommit | undefined;
  private readonly requests = new Map<string, Request>();
  private readonly awaitingApproval = new Map<string, KeyPackage>();
  private readonly flagged = new Set<number>();
  private readonly warnedPins = new Set<string>();
  private ended = false;
  /** Who joins; set by {@link join}. Until then the session only holds its seat on the relay. */
  private person: { readonly name: string; readonly keys: SigningKeys } | undefined;
  /** The relay answered this socket's `hello`. */
  private socketReady = false;
  private connected = false;

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
    if (this.options.create !== undefined) {
      const bundle = await makeKeyPackage(name, keys, undefined);
      this.created = await createMeetingGroup(this.options.meetingId, bundle, this.options.create.externalSender, keys.publicKey);
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

  /** A KeyPackage to join with, carrying the invite proof when the secret is known. */
  private async joinKeyPackage(person: { readonly name: string; readonly keys: SigningKeys }): Promise<{ bundle: KeyPackageBundle; byApproval: boolean }> {
    const identity = new TextEncoder().encode(person.name);
    const proof = this.secret === undefined ? undefined
      : await computeInviteProof(this.secret, this.options.meetingId, person.keys.publicKey, identity);
    return { bundle: await makeKeyPackage(person.name, person.keys, proof), byApproval: proof === undefined };
  }

  get inviteSecret(): string | undefined {
    return this.secret === undefined ? undefined : encodeInviteSecret(this.secret);
  }

  get isMember(): boolean {
    return this.state !== undefined;
  }

  get isHost(): boolean {
    return this.state !== undefined && this.person !== undefined && isHostKey(this.state, this.person.keys.publicKey);
  }

  sendChat(text: string): Promise<void> {
    return this.enqueue(async () => {
      await this.sendApplication(chatMessage(text));
      this.listener.chat({ leaf: ownLeaf(this.state!), name: this.person!.name, text, self: true });
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

  /** A host admits (or refuses) a joiner that has no invite proof. */
  decide(from: string, admit: boolean): Promise<void> {
    return this.enqueue(async () => {
      const kp = this.awaitingApproval.get(from);
      this.awaitingApproval.delete(from);
      this.listener.joinRequestGone(from);
      if (kp === undefined || !admit) return;
      this.requests.set(from, { keyPackage: kp, byApproval: true });
      this.scheduleCommit();
    });
  }

  /** Leaves for good: the relay proposes this member's removal at once. */
  leave(): void {
    this.ended = true;
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
        this.listener.status({ kind: 'closed', ...closeReason(s.code) });
        break;
    }
  }

  private onOpened(resuming: boolean): void {
    // Join phases as performance marks ("conclave:…"), read by the acceptance test's report.
    performance.mark('conclave:socket-open');
    this.connection.send(resuming && this.resume !== undefined
      ? { type: 'hello', meeting: this.options.meetingId, resume: this.resume }
      : { type: 'hello', meeting: this.options.meetingId });
  }

  private async onControl(m: ServerMessage): Promise<void> {
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
        this.pending = undefined;
        this.scheduleCommit();
        return;
      case 'welcome':
        return this.onWelcome(m.welcome);
      case 'application':
        return this.onApplication(m.message);
      case 'keyframe_request':
        this.listener.keyframeRequest(m.track);
        return;
    }
  }

  private async onReady(r: Extract<ServerMessage, { type: 'ready' }>): Promise<void> {
    performance.mark('conclave:ready');
    this.socketReady = true;
    const resumed = this.resume !== undefined && r.resume === this.resume;
    this.resume = r.resume;
    if (resumed && this.state !== undefined) {
      if (r.epoch !== this.state.groupContext.epoch) {
        // Commits went by while the socket was down; the relay does not replay them. Start over.
        this.listener.warning('Missed changes to the meeting while disconnected: joining again.');
        this.connection.send({ type: 'bye' });
        this.state = undefined;
        this.resume = undefined;
        this.connection.reconnectNow();
        return;
      }
      this.listener.status({ kind: 'joined' });
      return;
    }
    if (this.person !== undefined) await this.requestEntry();
  }

  /** On a ready socket, once joining: the creator registers its group, a joiner asks to be added. */
  private async requestEntry(): Promise<void> {
    if (this.created !== undefined) {
      this.connection.send({ type: 'register_group', groupInfo: await groupInfoMessage(this.created) });
      return;
    }
    if (this.state === undefined && this.person !== undefined) {
      const prepared = this.prepared ?? this.joinKeyPackage(this.person);
      this.prepared = undefined;
      const { bundle, byApproval } = await prepared;
      this.joinBundle = bundle;
      this.connection.send({ type: 'join_request', keyPackage: keyPackageMessage(bundle.publicPackage) });
      performance.mark('conclave:join-request-sent');
      this.listener.status({ kind: 'waiting', byApproval });
    }
  }

  private async onWelcome(welcomeBytes: Uint8Array): Promise<void> {
    if (this.state !== undefined || this.joinBundle === undefined) return;
    performance.mark('conclave:welcome-received');
    const m = decodeMessage(welcomeBytes);
    if (m.wireformat !== 'mls_welcome') return;
    const s = await joinGroup(m.welcome, this.joinBundle.publicPackage, this.joinBundle.privatePackage, emptyPskIndex, await suite());
    this.joinBundle = undefined;
    performance.mark('conclave:welcome-processed');
    await this.becomeMember(s);
  }

  private async becomeMember(s: ClientState): Promise<void> {
    this.state = s;
    this.listener.status({ kind: 'joined' });
    await this.newEpoch();
    this.scheduleCommit();
  }

  // ---- join requests and proposals ----

  private async onJoinRequest(from: string, bytes: Uint8Array): Promise<void> {
    if (this.state === undefined) return;
    const m = decodeMessage(bytes);
    if (m.wireformat !== 'mls_key_package') return;
    const kp = m.keyPackage;
    const leaf = kp.leafNode;
    const { name, identity } = leafName(leaf as never);
    const proof = leaf.extensions.find((e) => e.extensionType === 0xf1c0)?.extensionData;
    const valid = identity !== undefined && this.secret !== undefined
      && await verifyInviteProof(this.secret, this.options.meetingId, leaf.signaturePublicKey, identity, proof);
    if (valid) {
      this.requests.set(from, { keyPackage: kp, byApproval: false });
      this.scheduleCommit();
    } else if (this.isHost && identity !== undefined && !this.awaitingApproval.has(from)) {
      this.awaitingApproval.set(from, kp);
      this.listener.joinRequest({ from, name, fingerprint: await fingerprint(leaf.signaturePublicKey) });
    }
  }

  private async onProposal(epoch: bigint, bytes: Uint8Array): Promise<void> {
    if (this.state === undefined || epoch !== this.state.groupContext.epoch) return;
    const m = decodeMessage(bytes);
    if (m.wireformat !== 'mls_public_message' && m.wireformat !== 'mls_private_message') return;
    const r = await processMessage(m, this.state, emptyPskIndex, acceptAll, await suite());
    this.state = r.newState;
    this.scheduleCommit();
  }

  // ---- commits ----

  private hasWork(): boolean {
    const s = this.state;
    if (s === undefined) return false;
    return s.unappliedProposals !== undefined && Object.keys(s.unappliedProposals).length > 0
      || [...this.requests.values()].some((r) => !r.byApproval || this.isHost)
      || this.isHost && this.flagged.size > 0;
  }

  private hostWork(): boolean {
    return this.isHost && (this.flagged.size > 0 || [...this.requests.values()].some((r) => r.byApproval));
  }

  private rank(): number {
    const own = ownLeaf(this.state!);
    return members(this.state!).filter((m) => m.leaf < own).length;
  }

  private scheduleCommit(): void {
    if (this.state === undefined || !this.hasWork()) return;
    const delay = this.hostWork() ? 0 : (this.options.commitBackoffMs ?? 1500) * this.rank();
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
    const before = members(s);
    const proposals: Proposal[] = [];
    const joiners: { participant: string; key: Uint8Array }[] = [];
    let approvedAdd = false;
    for (const [participant, r] of this.requests) {
      const key = r.keyPackage.leafNode.signaturePublicKey;
      if ((r.byApproval && !this.isHost) || before.some((m) => equalBytes(m.signatureKey, key))) continue;
      proposals.push({ proposalType: 'add', add: { keyPackage: r.keyPackage } });
      joiners.push({ participant, key });
      approvedAdd ||= r.byApproval;
    }
    if (this.isHost) {
      for (const leaf of this.flagged) {
        if (before.some((m) => m.leaf === leaf)) proposals.push({ proposalType: 'remove', remove: { removed: leaf as never } });
      }
    }
    const cs = await suite();
    let result;
    try {
      result = await createCommit({ state: s, cipherSuite: cs }, { extraProposals: proposals, wireAsPublicMessage: true, ratchetTreeExtension: true });
    } catch (e) {
      // A KeyPackage the group refuses would fail every retry.
      for (const j of joiners) this.requests.delete(j.participant);
      throw e;
    }
    const next = result.newState;
    const after = members(next);
    const added = joiners.flatMap((j) => after.filter((m) => equalBytes(m.signatureKey, j.key)).map((m) => ({ participant: j.participant, leaf: m.leaf })));
    const removed = before.filter((b) => !after.some((a) => a.leaf === b.leaf && equalBytes(a.signatureKey, b.signatureKey))).map((b) => b.leaf);
    this.pending = { state: next, before, approvedAdd };
    const welcome = result.welcome === undefined ? undefined
      : encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: result.welcome });
    this.connection.send({
      type: 'commit',
      epoch: s.groupContext.epoch,
      commit: encodeMlsMessage(result.commit),
      ...(welcome === undefined ? {} : { welcome }),
      groupInfo: await groupInfoMessage(next),
      added,
      removed,
    });
  }

  private async onAccepted(): Promise<void> {
    const p = this.pending;
    if (p === undefined || this.state === undefined) return;
    this.pending = undefined;
    const hostBefore = this.isHost;
    this.state = p.state;
    await this.afterCommit(p.before, ownLeaf(p.state), hostBefore);
    if (p.approvedAdd && this.secret !== undefined) {
      await this.sendApplication(typed(AppMessageType.INVITE_SECRET, new TextEncoder().encode(encodeInviteSecret(this.secret))));
    }
  }

  private async onCommit(bytes: Uint8Array): Promise<void> {
    const s = this.state;
    if (s === undefined) return;
    // Another commit of this epoch won (RFC 9420 §14): ours is void.
    this.pending = undefined;
    const m = decodeMessage(bytes);
    if (m.wireformat !== 'mls_public_message' && m.wireformat !== 'mls_private_message') return;
    const before = members(s);
    let committer: number | undefined;
    const callback: IncomingMessageCallback = (incoming) => {
      if (incoming.kind === 'commit') committer = incoming.senderLeafIndex === undefined ? undefined : Number(incoming.senderLeafIndex);
      return 'accept';
    };
    const committerWasHost = (leaf: number | undefined): boolean => {
      const c = before.find((b) => b.leaf === leaf);
      return c !== undefined && isHostKey(s, c.signatureKey);
    };
    let r;
    try {
      r = await processMessage(m, s, emptyPskIndex, callback, await suite());
    } catch (e) {
      console.error('commit could not be applied', e);
      this.lostSync('A change to the meeting could not be applied: joining again.');
      return;
    }
    this.state = r.newState;
    if (r.newState.groupActiveState.kind === 'removedFromGroup') {
      this.state = undefined;
      this.ended = true;
      this.connection.stop(1000, 'removed');
      this.listener.status({ kind: 'closed', reason: 'removed', detail: 'You were removed from the meeting.' });
      return;
    }
    await this.afterCommit(before, committer, committerWasHost(committer));
  }

  private lostSync(message: string): void {
    this.listener.warning(message);
    this.connection.send({ type: 'bye' });
    this.state = undefined;
    this.resume = undefined;
    this.connection.reconnectNow();
  }

  /** The admission check of docs/PROTOCOL.md, then the new epoch's keys, roster and code. */
  private async afterCommit(before: MemberLeaf[], committer: number | undefined, byHost: boolean): Promise<void> {
    const s = this.state!;
    const after = members(s);
    for (const m of after) {
      if (before.some((b) => b.leaf === m.leaf && equalBytes(b.signatureKey, m.signatureKey))) continue;
      const proofOk = m.identity !== undefined && this.secret !== undefined
        && await verifyInviteProof(this.secret, this.options.meetingId, m.signatureKey, m.identity, m.proof);
      if (!proofOk && !byHost && m.leaf !== ownLeaf(s)) {
        this.flagged.add(m.leaf);
        this.listener.warning(`${m.name} was added to the meeting without an invite proof or a host's approval (by leaf ${committer ?? 'external'}).`);
      }
    }
    for (const leaf of [...this.flagged]) {
      if (!after.some((m) => m.leaf === leaf)) this.flagged.delete(leaf);
    }
    for (const [participant, r] of this.requests) {
      if (after.some((m) => equalBytes(m.signatureKey, r.keyPackage.leafNode.signaturePublicKey))) this.requests.delete(participant);
    }
    await this.newEpoch();
    this.scheduleCommit();
  }

  private async newEpoch(): Promise<void> {
    const s = this.state!;
    const own = ownLeaf(s);
    const all = members(s);
    // Keys first: frames of the new epoch are already arriving; the roster (fingerprints, pins in
    // IndexedDB) can follow.
    this.listener.keys({ epoch: s.groupContext.epoch, baseKey: await sframeBaseKey(s), groupSize: leafCount(s), leaves: all.map((m) => m.leaf), ownLeaf: own });
    const roster: RosterMember[] = [];
    for (const m of all) {
      const fp = await fingerprint(m.signatureKey);
      const self = m.leaf === own;
      let pin: PinStatus = 'verified';
      if (!self) {
        const checked = await checkPin(m.name, fp);
        pin = checked.status;
        if (pin === 'changed' && !this.warnedPins.has(`${m.name} ${fp}`)) {
          this.warnedPins.add(`${m.name} ${fp}`);
          this.listener.warning(`${m.name} appears with a different key than before (was ${checked.pinned}, now ${fp}). Check with them before trusting this meeting.`);
        }
      }
      roster.push({ leaf: m.leaf, name: m.name, fingerprint: fp, pin, host: isHostKey(s, m.signatureKey), self });
    }
    this.listener.epoch({
      epoch: s.groupContext.epoch,
      securityCode: await securityCode(s.keySchedule.epochAuthenticator),
      roster,
      ownLeaf: own,
    });
  }

  // ---- application messages ----

  private async sendApplication(data: Uint8Array): Promise<void> {
    if (this.state === undefined) throw new Error('not a member of the meeting');
    const r = await createApplicationMessage(this.state, data, await suite());
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
    if (m.wireformat !== 'mls_private_message') return;
    const cs = await suite();
    // The sender's leaf is authenticated by processMessage's signature check below.
    const sender = m.privateMessage.epoch === s.groupContext.epoch
      ? await decryptSenderData(m.privateMessage, s.keySchedule.senderDataSecret, cs) : undefined;
    const r = await processMessage(m, s, emptyPskIndex, acceptAll, cs);
    this.state = r.newState;
    if (r.kind !== 'applicationMessage') return;
    const leaf = sender === undefined ? -1 : Number(sender.leafIndex);
    const member = members(this.state).find((x) => x.leaf === leaf);
    const parsed = parseAppMessage(r.message);
    if (parsed?.type === AppMessageType.CHAT) {
      this.listener.chat({ leaf, name: member?.name ?? '?', text: new TextDecoder().decode(parsed.body), self: false });
    } else if (parsed?.type === AppMessageType.INVITE_SECRET && this.secret === undefined
      && member !== undefined && isHostKey(this.state, member.signatureKey)) {
      this.secret = parseInviteSecret(new TextDecoder().decode(parsed.body));
      this.listener.inviteSecretLearnt();
    }
  }
}

function closeReason(code: number): { reason: Extract<SessionStatus, { kind: 'closed' }>['reason']; detail: string } {
  switch (code) {
    case CloseCode.MEETING_CLOSED:
      return { reason: 'meeting-closed', detail: 'The meeting was closed by its host.' };
    case CloseCode.UNKNOWN_MEETING:
      return { reason: 'unknown-meeting', detail: 'There is no such meeting on this server.' };
    case CloseCode.MEETING_FULL:
      return { reason: 'full', detail: 'The meeting is full.' };
    case CloseCode.REPLACED:
      return { reason: 'replaced', detail: 'You joined this meeting from another tab.' };
    default:
      return { reason: 'error', detail: `The server closed the connection (${code}).` };
  }
}
