/**
 * MeetingSession against a small in-memory relay that follows docs/PROTOCOL.md's delivery rules
 * (first commit per epoch wins, Welcomes to joiners, application messages to the other members) and
 * that tests can make misbehave: inject proposals, withhold application messages.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeMlsMessage, proposeExternal, type ClientState } from 'ts-mls';
import type { ClientMessage, ServerMessage } from '../protocol/control.js';
import { encodeClientMessage } from '../protocol/control.js';
import type { SigningKeys } from '../identity/store.js';
import type { EpochInfo, EpochKeys, SessionListener, SessionStatus } from './session.js';
import { generateSigningKeys, members, suite } from './mls.js';
import { concatBytes, opaque } from './tls.js';

vi.mock('../identity/store.js', () => ({
  checkPin: async (_name: string, fp: string) => ({ status: 'new', pinned: fp }),
}));

interface Handler {
  opened(resuming: boolean): void;
  control(m: ServerMessage): void;
  state(s: unknown): void;
}

class FakeRelay {
  epoch = -1n;
  readonly links = new Map<string, { handler: Handler; member: boolean; joining: boolean; sent: ClientMessage[] }>();
  /** Participants whose application messages the relay drops (to them, from them). */
  readonly dropTo = new Set<string>();
  readonly dropFrom = new Set<string>();
  readonly proposalsSeen: ClientMessage[] = [];

  deliver(to: string, m: ServerMessage): void {
    const link = this.links.get(to);
    if (link !== undefined) setTimeout(() => link.handler.control(m), 0);
  }

  handle(id: string, m: ClientMessage): void {
    // Every client message must encode as the relay expects it.
    JSON.parse(encodeClientMessage(m));
    const me = this.links.get(id);
    // A session of an earlier test, still running its timers.
    if (me === undefined) return;
    me.sent.push(m);
    switch (m.type) {
      case 'hello':
        this.deliver(id, { type: 'ready', participant: id, resume: `r${id}`, epoch: this.epoch });
        return;
      case 'register_group':
        this.epoch = 0n;
        me.member = true;
        this.deliver(id, { type: 'registered' });
        return;
      case 'join_request':
        me.joining = true;
        for (const [other, l] of this.links) if (l.member) this.deliver(other, { type: 'join_request', from: id, keyPackage: m.keyPackage });
        return;
      case 'commit': {
        if (m.epoch !== this.epoch) {
          this.deliver(id, { type: 'commit_rejected', epoch: m.epoch, currentEpoch: this.epoch, reason: 'stale_epoch' });
          return;
        }
        this.epoch++;
        this.deliver(id, { type: 'commit_accepted', epoch: this.epoch });
        for (const [other, l] of this.links) if (l.member && other !== id) this.deliver(other, { type: 'commit', from: id, epoch: m.epoch, commit: m.commit });
        if (m.welcome !== undefined) {
          for (const [other, l] of this.links) {
            if (!l.joining) continue;
            l.joining = false;
            l.member = true;
            this.deliver(other, { type: 'welcome', epoch: this.epoch, welcome: m.welcome });
          }
        }
        return;
      }
      case 'application':
        if (this.dropFrom.has(id)) return;
        for (const [other, l] of this.links) {
          if (l.member && other !== id && !this.dropTo.has(other)) this.deliver(other, { type: 'application', from: id, message: m.message });
        }
        return;
      case 'proposal':
        this.proposalsSeen.push(m);
        return;
      case 'bye':
        // A knock whose sender is gone without being added is withdrawn from the members.
        if (me.joining && !me.member) {
          for (const [other, l] of this.links) if (l.member) this.deliver(other, { type: 'join_request_withdrawn', from: id });
        }
        return;
      default:
        return;
    }
  }

  /** The relay, as external sender, sends a proposal to every member. */
  propose(bytes: Uint8Array): void {
    for (const [other, l] of this.links) if (l.member) this.deliver(other, { type: 'proposal', from: 'server', epoch: this.epoch, proposal: bytes });
  }
}

let relay = new FakeRelay();
let nextId = 0;

vi.mock('./relay-link.js', () => ({
  RelayLink: class {
    private readonly id = `p${nextId++}`;
    constructor(_url: string, _ports: unknown, private readonly handler: Handler) {
      relay.links.set(this.id, { handler, member: false, joining: false, sent: [] });
    }
    start(): void {
      setTimeout(() => this.handler.opened(false), 0);
    }
    send(m: ClientMessage): void {
      relay.handle(this.id, m);
    }
    stop(): void {
      relay.links.delete(this.id);
    }
    reconnectNow(): void {}
  },
}));

const { MeetingSession } = await import('./session.js');

class Recorder implements SessionListener {
  statuses: SessionStatus[] = [];
  keysSeen: EpochKeys[] = [];
  epochs: EpochInfo[] = [];
  warnings: string[] = [];
  notices: string[] = [];
  unconfirmedSeen: number[][] = [];
  status(s: SessionStatus): void { this.statuses.push(s); }
  keys(k: EpochKeys): void { this.keysSeen.push(k); }
  epoch(e: EpochInfo): void { this.epochs.push(e); }
  chats: string[] = [];
  chat(m: { readonly text: string; readonly self: boolean }): void { if (!m.self) this.chats.push(m.text); }
  requests: { from: string; name: string }[] = [];
  joinRequest(r: { from: string; name: string }): void { this.requests.push(r); }
  gone: string[] = [];
  joinRequestGone(from: string): void { this.gone.push(from); }
  warning(text: string): void { this.warnings.push(text); }
  notice(text: string): void { this.notices.push(text); }
  unconfirmed(m: readonly { leaf: number }[]): void { this.unconfirmedSeen.push(m.map((x) => x.leaf)); }
  keyframeRequest(): void {}
  mediaStates: string[] = [];
  mediaState(m: { leaf: number; muted: boolean; cameraOff: boolean }): void { this.mediaStates.push(`${m.leaf}:${m.muted ? 'muted' : 'unmuted'}:${m.cameraOff ? 'off' : 'on'}`); }
  muteRequests: string[] = [];
  muteRequest(m: { name: string }): void { this.muteRequests.push(m.name); }
  locks: string[] = [];
  locked(m: { by: string; on: boolean }): void { this.locks.push(`${m.by}:${m.on}`); }
  refusedLocked: string[] = [];
  refusedWhileLocked(m: { name: string }): void { this.refusedLocked.push(m.name); }
  recordings: string[] = [];
  recording(m: { name: string; on: boolean }): void { this.recordings.push(`${m.name}:${m.on}`); }
  removals: string[] = [];
  removedBy(m: { by: string; removed: readonly string[] }): void { this.removals.push(`${m.by}>${m.removed.join(',')}`); }
  get last(): SessionStatus | undefined { return this.statuses.at(-1); }
  get lastEpoch(): EpochInfo | undefined { return this.epochs.at(-1); }
}

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const MEETING = 'meetX1';
const secret = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const timing = { commitBackoffMs: 50, attestationTimeoutMs: 3000, beaconTimeoutMs: 1000 };

async function meeting() {
  relay = new FakeRelay();
  const relayKeys = await generateSigningKeys();
  const externalSender = concatBytes(opaque(relayKeys.publicKey), Uint8Array.of(0, 1), opaque(new TextEncoder().encode('relay')));
  const hostEvents = new Recorder();
  const host = new MeetingSession({ origin: 'http://localhost', meetingId: MEETING, inviteSecret: secret, mediaPorts: {} as never,
    create: { externalSender, hostToken: 'hostTok1' }, ...timing }, hostEvents);
  sessions.push(host);
  await host.join('Hana', await generateSigningKeys());
  await until(() => hostEvents.last?.kind === 'joined' && hostEvents.epochs.length > 0);
  return { relayKeys, host, hostEvents };
}

async function joiner(name: string, withSecret = true) {
  const events = new Recorder();
  const s = new MeetingSession({ origin: 'http://localhost', meetingId: MEETING, inviteSecret: withSecret ? secret : undefined, mediaPorts: {} as never, ...timing }, events);
  sessions.push(s);
  const keys: SigningKeys = await generateSigningKeys();
  await s.join(name, keys);
  return { s, events };
}

const stateOf = (s: unknown): ClientState => (s as { state: ClientState }).state;

const sessions: { leave(): void }[] = [];

afterEach(() => {
  for (const s of sessions.splice(0)) s.leave();
});

describe('MeetingSession admission', () => {
  it('a link joiner is added, waits for the attestation before sending, and every member confirms the epoch', async () => {
    const { host, hostEvents } = await meeting();
    const register = [...relay.links.values()][0]!.sent.find((m) => m.type === 'register_group');
    expect(register).toMatchObject({ type: 'register_group', hostToken: 'hostTok1' });
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'joined');
    expect(bob.events.statuses.map((s) => s.kind)).toContain('verifying');
    // Keys to receive first, then the same epoch's keys for sending once admitted (handed over
    // right after the 'joined' status).
    await until(() => bob.events.keysSeen.length >= 2);
    expect(bob.events.keysSeen.map((k) => [k.epoch, k.send])).toEqual([[1n, false], [1n, true]]);
    expect(bob.events.notices.join()).toContain('knows your invite link');
    await until(() => hostEvents.lastEpoch?.roster.length === 2);
    expect(hostEvents.lastEpoch!.securityCode).toBe(bob.events.lastEpoch!.securityCode);
    const commit = [...relay.links.values()][0]!.sent.find((m) => m.type === 'commit')!;
    expect(Object.keys(JSON.parse(encodeClientMessage(commit))).sort()).toEqual(['commit', 'epoch', 'groupInfo', 'type', 'v', 'welcome']);
    // Both sent their beacon: nobody is reported unconfirmed after the beacon timeout.
    await new Promise((r) => setTimeout(r, 1300));
    expect(hostEvents.unconfirmedSeen.flat()).toEqual([]);
    expect(bob.events.unconfirmedSeen.flat()).toEqual([]);
    expect(bob.s.inviteSecret).toBeDefined();
    expect(host.isHost && !bob.s.isHost).toBe(true);
  }, 20_000);

  it('a link joiner that gets no attestation leaves after the timeout and sends nothing', async () => {
    await meeting();
    const bobId = `p${nextId}`;
    relay.dropTo.add(bobId);
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'closed', 5000);
    expect(bob.events.last).toMatchObject({ kind: 'closed', reason: 'unverified' });
    const sent = relay.links.get(bobId)?.sent ?? [];
    expect(sent.filter((m) => m.type === 'application' || m.type === 'commit')).toEqual([]);
    expect(bob.events.keysSeen.every((k) => !k.send)).toBe(true);
  });

  it('drops the relay\'s Add proposal unprocessed and never commits it', async () => {
    const { relayKeys, host, hostEvents } = await meeting();
    const cs = await suite();
    const s = stateOf(host);
    const giBytes = (await import('./mls.js')).groupInfoMessage(s);
    const gi = decodeMlsMessage(await giBytes, 0)![0] as unknown as { groupInfo: never };
    const intruderKp = await (await import('./mls.js')).makeKeyPackage('Relay', await generateSigningKeys(), undefined);
    const add = await proposeExternal(gi.groupInfo, { proposalType: 'add', add: { keyPackage: intruderKp.publicPackage } }, relayKeys.publicKey, relayKeys.signKey, cs);
    relay.propose((await import('ts-mls')).encodeMlsMessage(add));
    await new Promise((r) => setTimeout(r, 200));
    expect(Object.keys(stateOf(host).unappliedProposals)).toEqual([]);
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'joined');
    expect(members(stateOf(host)).map((m) => m.name)).toEqual(['Hana', 'Bob']);
    // A member's proposal in a PrivateMessage, passed off as an application message: not stored either.
    const { createProposal } = await import('ts-mls');
    const sneaky = await createProposal(stateOf(bob.s), false, { proposalType: 'remove', remove: { removed: 0 } }, cs);
    const bobId = [...relay.links.keys()][1]!;
    relay.handle(bobId, { type: 'application', message: (await import('ts-mls')).encodeMlsMessage(sneaky.message) });
    await new Promise((r) => setTimeout(r, 200));
    expect(Object.keys(stateOf(host).unappliedProposals)).toEqual([]);
    expect(hostEvents.warnings).toEqual([]);
  });

  it('a relay Remove is committed by reference by a member, and a withheld member is reported unconfirmed', async () => {
    const { relayKeys, hostEvents, host } = await meeting();
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'joined');
    const bobId = [...relay.links.keys()][1]!;
    relay.dropFrom.add(bobId);
    const carol = await joiner('Carol');
    await until(() => carol.events.last?.kind === 'joined' && hostEvents.lastEpoch?.roster.length === 3);
    // Bob's beacon of the new epoch never arrives: the host and Carol report him.
    await until(() => hostEvents.unconfirmedSeen.at(-1)?.join() === '1');
    await until(() => carol.events.unconfirmedSeen.at(-1)?.join() === '1');
    // The relay proposes removing Bob; a member commits it by reference.
    const cs = await suite();
    const gi = decodeMlsMessage(await (await import('./mls.js')).groupInfoMessage(stateOf(host)), 0)![0] as unknown as { groupInfo: never };
    const remove = await proposeExternal(gi.groupInfo, { proposalType: 'remove', remove: { removed: 1 } }, relayKeys.publicKey, relayKeys.signKey, cs);
    relay.propose((await import('ts-mls')).encodeMlsMessage(remove));
    await until(() => hostEvents.lastEpoch?.roster.length === 2 && carol.events.lastEpoch?.roster.length === 2);
    expect(hostEvents.lastEpoch!.securityCode).toBe(carol.events.lastEpoch!.securityCode);
    expect(hostEvents.warnings).toEqual([]);
    await until(() => hostEvents.unconfirmedSeen.at(-1)?.length === 0);
  }, 20_000);

  it('holds chat while the relay\'s Remove is pending and sends it, in order, once the commit entered the next epoch (RFC 9420 §12.4)', async () => {
    const { relayKeys, hostEvents, host } = await meeting();
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'joined');
    const carol = await joiner('Carol');
    await until(() => carol.events.last?.kind === 'joined' && hostEvents.lastEpoch?.roster.length === 3
      && bob.events.lastEpoch?.roster.length === 3);
    const [, bobId, carolId] = [...relay.links.keys()] as [string, string, string];
    const before = stateOf(host).groupContext.epoch;
    // The relay holds every commit back until the test releases them.
    const heldCommits: [string, ClientMessage][] = [];
    let holding = true;
    const handle = relay.handle.bind(relay);
    relay.handle = (id: string, m: ClientMessage) => {
      if (holding && m.type === 'commit') heldCommits.push([id, m]);
      else handle(id, m);
    };
    const cs = await suite();
    const gi = decodeMlsMessage(await (await import('./mls.js')).groupInfoMessage(stateOf(host)), 0)![0] as unknown as { groupInfo: never };
    const remove = await proposeExternal(gi.groupInfo, { proposalType: 'remove', remove: { removed: 2 } }, relayKeys.publicKey, relayKeys.signKey, cs);
    relay.propose((await import('ts-mls')).encodeMlsMessage(remove));
    await until(() => Object.keys(stateOf(bob.s).unappliedProposals).length === 1 && heldCommits.length > 0);
    const bobLink = relay.links.get(bobId)!;
    const sentBefore = bobLink.sent.filter((m) => m.type === 'application').length;

    await bob.s.sendChat('after the Remove');
    await bob.s.sendChat('second');
    expect(bobLink.sent.filter((m) => m.type === 'application').length).toBe(sentBefore);

    holding = false;
    for (const [id, m] of heldCommits.splice(0)) handle(id, m);
    await until(() => hostEvents.lastEpoch?.roster.length === 2 && bob.events.lastEpoch?.roster.length === 2);
    await until(() => hostEvents.chats.length === 2);
    expect(hostEvents.chats).toEqual(['after the Remove', 'second']);
    expect(carol.events.chats).toEqual([]);
    expect(carol.events.last).toMatchObject({ kind: 'closed', reason: 'removed' });
    expect(relay.links.has(carolId)).toBe(false);
    // Sent in the new epoch, chat first, then Bob's beacon of that epoch.
    const sentAfter = bobLink.sent.filter((m) => m.type === 'application').slice(sentBefore);
    expect(sentAfter.length).toBe(3);
    expect(stateOf(host).groupContext.epoch).toBe(before + 1n);
    // Bob's beacon of the new epoch arrived: the host reports nobody unconfirmed.
    await new Promise((r) => setTimeout(r, 1300));
    expect(hostEvents.unconfirmedSeen.at(-1) ?? []).toEqual([]);
  }, 20_000);

  it('an Add without proof by a non-host member is flagged by everyone and removed by the lowest-ranked member', async () => {
    const { hostEvents } = await meeting();
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'joined');
    const carol = await joiner('Carol');
    // Bob must have applied Carol's Add too, or his raw commit below is for a stale epoch and the relay refuses it.
    await until(() => carol.events.last?.kind === 'joined' && hostEvents.lastEpoch?.roster.length === 3
      && bob.events.lastEpoch?.epoch === hostEvents.lastEpoch.epoch);
    // Bob, colluding, adds Eve without a proof (his own session does not know: he sends a raw commit).
    const cs = await suite();
    const mls = await import('./mls.js');
    const eve = await mls.makeKeyPackage('Eve', await generateSigningKeys(), undefined);
    const { createCommit, encodeMlsMessage } = await import('ts-mls');
    const bobState = stateOf(bob.s);
    const r = await createCommit({ state: bobState, cipherSuite: cs }, { extraProposals: [{ proposalType: 'add', add: { keyPackage: eve.publicPackage } }], wireAsPublicMessage: true, ratchetTreeExtension: true });
    const bobId = [...relay.links.keys()][1]!;
    relay.handle(bobId, { type: 'commit', epoch: bobState.groupContext.epoch, commit: encodeMlsMessage(r.commit), groupInfo: await mls.groupInfoMessage(r.newState) });
    await until(() => hostEvents.epochs.some((e) => e.roster.some((m) => m.name === 'Eve' && m.unauthorised === true)));
    await until(() => carol.events.epochs.some((e) => e.roster.some((m) => m.name === 'Eve' && m.unauthorised === true)));
    expect(hostEvents.warnings.join()).toContain('Eve was added');
    // The host (leaf 0, rank 0) removes her by value.
    await until(() => hostEvents.lastEpoch!.roster.every((m) => m.name !== 'Eve') && carol.events.lastEpoch!.roster.every((m) => m.name !== 'Eve'));
    expect(hostEvents.lastEpoch!.securityCode).toBe(carol.events.lastEpoch!.securityCode);
  }, 20_000);

  it('a commit the decision table refuses is not applied: members stay in their epoch and warn', async () => {
    const { hostEvents } = await meeting();
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'joined' && hostEvents.lastEpoch?.roster.length === 2);
    const cs = await suite();
    const { createCommit, encodeMlsMessage } = await import('ts-mls');
    const { encodeHosts, HOSTS_EXTENSION } = await import('./admission.js');
    const mls = await import('./mls.js');
    const bobState = stateOf(bob.s);
    const bobKey = members(bobState).find((m) => m.name === 'Bob')!.signatureKey;
    const extensions = [...bobState.groupContext.extensions.filter((e) => e.extensionType !== HOSTS_EXTENSION),
      { extensionType: HOSTS_EXTENSION, extensionData: encodeHosts([bobKey]) }];
    const r = await createCommit({ state: bobState, cipherSuite: cs }, { extraProposals: [{ proposalType: 'group_context_extensions', groupContextExtensions: { extensions } }], wireAsPublicMessage: true });
    const epochBefore = hostEvents.lastEpoch!.epoch;
    relay.handle([...relay.links.keys()][1]!, { type: 'commit', epoch: bobState.groupContext.epoch, commit: encodeMlsMessage(r.commit), groupInfo: await mls.groupInfoMessage(r.newState) });
    await until(() => hostEvents.warnings.some((w) => w.startsWith('Refused')));
    expect(hostEvents.warnings.join()).toContain('only hosts may change');
    expect(hostEvents.lastEpoch!.epoch).toBe(epochBefore);
  });

  it('stores one Remove per leaf however many copies the relay sends', async () => {
    const { relayKeys, host, hostEvents } = await meeting();
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'joined' && hostEvents.lastEpoch?.roster.length === 2);
    // Commits are held (neither accepted nor refused), so the epoch stays and the store can fill.
    const handle = relay.handle.bind(relay);
    relay.handle = (id: string, m: ClientMessage) => { if (m.type !== 'commit') handle(id, m); };
    const cs = await suite();
    const gi = decodeMlsMessage(await (await import('./mls.js')).groupInfoMessage(stateOf(host)), 0)![0] as unknown as { groupInfo: never };
    const { encodeMlsMessage } = await import('ts-mls');
    for (let i = 0; i < 30; i++) {
      const copy = await proposeExternal(gi.groupInfo, { proposalType: 'remove', remove: { removed: 1 } }, relayKeys.publicKey,
        relayKeys.signKey, cs, Uint8Array.of(i));
      relay.propose(encodeMlsMessage(copy));
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(Object.keys(stateOf(host).unappliedProposals)).toHaveLength(1);
    expect(Object.keys(stateOf(bob.s).unappliedProposals)).toHaveLength(1);
  });

  it('a relay refusing every commit does not make a member commit as fast as it can', async () => {
    await meeting();
    const handle = relay.handle.bind(relay);
    let refusing = true;
    let refused = 0;
    relay.handle = (id: string, m: ClientMessage) => {
      if (refusing && m.type === 'commit') {
        refused++;
        relay.deliver(id, { type: 'commit_rejected', epoch: m.epoch, currentEpoch: m.epoch, reason: 'invalid_commit' });
      } else handle(id, m);
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bob = await joiner('Bob');
    await until(() => refused > 0);
    await new Promise((r) => setTimeout(r, 3000));
    // Without the back-off the host commits again on every refusal: hundreds in 3 s.
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(refused).toBeLessThanOrEqual(8);
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('refused 3 commits in a row'))).toHaveLength(1);
    warn.mockRestore();
    refusing = false;
    await until(() => bob.events.last?.kind === 'joined', 15_000);
  }, 30_000);

  it('a relay flooding the host with knocks fills the waiting list only up to its bound, with one warning', async () => {
    const { hostEvents } = await meeting();
    const mls = await import('./mls.js');
    const { MAX_WAITING } = await import('./session.js');
    const hostId = [...relay.links.keys()][0]!;
    for (let i = 0; i < MAX_WAITING + 10; i++) {
      const kp = await mls.makeKeyPackage(`Knock${i}`, await generateSigningKeys(), undefined);
      relay.deliver(hostId, { type: 'join_request', from: `k${i}`, keyPackage: mls.keyPackageMessage(kp.publicPackage) });
    }
    await until(() => hostEvents.warnings.some((w) => w.includes('asking to join')));
    await new Promise((r) => setTimeout(r, 300));
    expect(hostEvents.requests.length).toBe(MAX_WAITING);
    expect(hostEvents.requests.map((r) => r.name)).toContain('Knock0');
    expect(hostEvents.warnings.filter((w) => w.includes('asking to join'))).toHaveLength(1);
  }, 20_000);

  it('a joiner without the link is approved by a host and told who admitted it', async () => {
    const { host, hostEvents } = await meeting();
    const ann = await joiner('Ann', false);
    await until(() => hostEvents.requests.length === 1);
    expect(ann.events.last).toEqual({ kind: 'waiting', byApproval: true });
    await host.decide(hostEvents.requests[0]!.from, true);
    await until(() => ann.events.last?.kind === 'joined');
    expect(ann.events.notices.join()).toMatch(/^Admitted by Hana \(\d{5}( \d{5}){5}\)\.$/);
    // The invite secret is never sent inside the meeting.
    expect(ann.s.inviteSecret).toBeUndefined();
  });

  it('a knock whose sender left leaves the host\'s waiting list, and the host can no longer admit it', async () => {
    const { host, hostEvents } = await meeting();
    const ann = await joiner('Ann', false);
    await until(() => hostEvents.requests.length === 1);
    const from = hostEvents.requests[0]!.from;
    const epochBefore = hostEvents.lastEpoch!.epoch;
    ann.s.leave();
    await until(() => hostEvents.gone.includes(from));
    await host.decide(from, true);
    await new Promise((r) => setTimeout(r, 300));
    expect(relay.links.size).toBe(1);
    expect(hostEvents.lastEpoch!.epoch).toBe(epochBefore);
  });

  it('a host rotates the invite link: members apply it, the old link no longer admits by proof', async () => {
    const { host, hostEvents } = await meeting();
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'joined' && hostEvents.lastEpoch?.roster.length === 2);
    const before = host.inviteSecret;
    await host.rotateInviteLink();
    await until(() => bob.events.notices.some((n) => n.includes('rotated the invite link')));
    expect(host.inviteSecret).toBeDefined();
    expect(host.inviteSecret).not.toBe(before);
    expect(bob.s.inviteSecret).toBeUndefined();
    await until(() => hostEvents.lastEpoch!.securityCode === bob.events.lastEpoch!.securityCode && hostEvents.lastEpoch!.epoch === bob.events.lastEpoch!.epoch);
    // Someone with the old link: the proof fails against the new invite key, so the host is asked instead.
    const late = await joiner('Late');
    await until(() => hostEvents.requests.some((r) => r.name === 'Late'));
    expect(late.events.last).toEqual({ kind: 'waiting', byApproval: false });
  });
});

describe('MeetingSession host controls', () => {
  it('media state and a host\'s mute request reach members; only hosts change hosts, remove and lock', async () => {
    const { host, hostEvents } = await meeting();
    const bob = await joiner('Bob');
    await until(() => bob.events.last?.kind === 'joined');
    const carol = await joiner('Carol');
    await until(() => carol.events.last?.kind === 'joined' && hostEvents.lastEpoch?.roster.length === 3 && bob.events.lastEpoch?.roster.length === 3);
    const leafOf = (name: string): number => hostEvents.lastEpoch!.roster.find((m) => m.name === name)!.leaf;
    const bobLeaf = leafOf('Bob');
    const carolLeaf = leafOf('Carol');

    // Recording on, then off (type 7), as the CLI recorder announces it.
    const { recordingMessage } = await import('./app-messages.js');
    const send = (data: Uint8Array): Promise<void> => (carol.s as unknown as { enqueue(f: () => Promise<void>): Promise<void>; sendApplication(d: Uint8Array): Promise<void> })
      .enqueue(() => (carol.s as unknown as { sendApplication(d: Uint8Array): Promise<void> }).sendApplication(data));
    await send(recordingMessage(true));
    await until(() => hostEvents.recordings.includes('Carol:true'));
    await send(recordingMessage(false));
    await until(() => hostEvents.recordings.includes('Carol:false') && bob.events.recordings.includes('Carol:false'));

    await bob.s.setMediaState({ muted: true, cameraOff: true });
    await until(() => hostEvents.mediaStates.includes(`${bobLeaf}:muted:off`) && carol.events.mediaStates.includes(`${bobLeaf}:muted:off`));

    // A non-host can neither ask to mute, nor change hosts, remove or lock.
    await expect(carol.s.askToMute(bobLeaf)).rejects.toThrow(/host/);
    await expect(carol.s.setHost(carolLeaf, true)).rejects.toThrow(/host/);
    await expect(carol.s.removeMember(bobLeaf)).rejects.toThrow(/host/);
    await expect(carol.s.setLocked(true)).rejects.toThrow(/host/);
    await host.askToMute(bobLeaf);
    await until(() => bob.events.muteRequests.includes('Hana'));
    expect(carol.events.muteRequests).toEqual([]);

    // The host makes Bob a host: every member applies the host list change and says who made it.
    await host.setHost(bobLeaf, true);
    await until(() => [hostEvents, bob.events, carol.events].every((e) => e.lastEpoch?.roster.find((m) => m.name === 'Bob')?.host === true));
    expect(carol.events.notices.some((n) => n.includes('changed who the hosts'))).toBe(true);
    // Media state is announced again in the new epoch.
    await until(() => carol.events.mediaStates.filter((x) => x === `${bobLeaf}:muted:off`).length >= 2);

    // Lock: nobody is admitted, not even with the link; knocks are reported to hosts.
    await host.setLocked(true);
    await until(() => bob.events.locks.includes('Hana:true') && carol.events.locks.includes('Hana:true'));
    const dave = await joiner('Dave');
    await until(() => hostEvents.refusedLocked.includes('Dave'));
    await new Promise((r) => setTimeout(r, 600));
    expect(dave.events.last?.kind).toBe('waiting');
    expect(hostEvents.lastEpoch!.roster.length).toBe(3);
    dave.s.leave();
    await host.setLocked(false);
    await until(() => carol.events.locks.includes('Hana:false'));

    // Bob, now a host, removes Carol by value: everyone applies it and is told who did it.
    await bob.s.removeMember(carolLeaf);
    await until(() => carol.events.last?.kind === 'closed');
    expect(carol.events.last).toMatchObject({ kind: 'closed', reason: 'removed' });
    await until(() => hostEvents.lastEpoch?.roster.length === 2 && hostEvents.removals.includes('Bob>Carol'));
    expect(hostEvents.warnings.filter((w) => w.startsWith('Refused'))).toEqual([]);
  }, 60_000);
});
