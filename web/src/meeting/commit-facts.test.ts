import { describe, expect, it } from 'vitest';
import {
  acceptAll, createCommit, createProposal, decodeMlsMessage, emptyPskIndex, joinGroup, processMessage, proposeExternal,
  type ClientState, type GroupInfo, type MLSMessage,
} from 'ts-mls';
import { INVITE_KEY_EXTENSION, INVITE_PROOF_EXTENSION, computeInviteProof, encodeHosts, HOSTS_EXTENSION, inviteKeyPair } from './admission.js';
import { decideCommit } from './admission-rules.js';
import { Flags, acceptableProposal, gceChange, keyPackageRef, readCommit, removalRank } from './commit-facts.js';
import {
  createMeetingGroup, generateSigningKeys, groupInfoMessage, keyPackageLifetime, keyPackageValidNow, leafOfKeyPackage, makeKeyPackage, suite,
} from './mls.js';
import { displayName } from './names.js';
import { concatBytes, opaque } from './tls.js';
import type { SigningKeys } from '../identity/store.js';

const MEETING = 'meetingA1';
const secret = Uint8Array.from({ length: 32 }, (_, i) => 7 * i);

async function relayAndGroup(): Promise<{ relay: SigningKeys; a: ClientState; aKeys: SigningKeys }> {
  const relay = await generateSigningKeys();
  const aKeys = await generateSigningKeys();
  // RFC 9420 §12.1.8.1 ExternalSender: signature_key<V>, Credential (basic = 1, identity<V>).
  const externalSender = concatBytes(opaque(relay.publicKey), Uint8Array.of(0, 1), opaque(new TextEncoder().encode('relay')));
  const { publicKey } = await inviteKeyPair(secret, MEETING);
  const a = await createMeetingGroup(MEETING, await makeKeyPackage('Alice', aKeys, undefined), externalSender, aKeys.publicKey, publicKey);
  return { relay, a, aKeys };
}

function proofFor(keys: SigningKeys, s = secret) {
  return (initKey: Uint8Array, identity: Uint8Array) => computeInviteProof(s, MEETING, keys.publicKey, identity, initKey);
}

async function groupInfo(s: ClientState): Promise<GroupInfo> {
  const m = decodeMlsMessage(await groupInfoMessage(s), 0)![0];
  if (m.wireformat !== 'mls_group_info') throw new Error('not a GroupInfo');
  return m.groupInfo;
}

function framed(m: MLSMessage) {
  if (m.wireformat !== 'mls_public_message') throw new Error('not public');
  return m.publicMessage.content;
}

async function addByCommit(a: ClientState, kp: Awaited<ReturnType<typeof makeKeyPackage>>): Promise<{ a: ClientState; b: ClientState }> {
  const cs = await suite();
  const r = await createCommit({ state: a, cipherSuite: cs }, { extraProposals: [{ proposalType: 'add', add: { keyPackage: kp.publicPackage } }], wireAsPublicMessage: true, ratchetTreeExtension: true });
  return { a: r.newState, b: await joinGroup(r.welcome!, kp.publicPackage, kp.privatePackage, emptyPskIndex, cs) };
}

describe('KeyPackages and GroupInfos', () => {
  it('bind the invite proof to the init key and live from 5 minutes before to 1 hour after creation', async () => {
    const keys = await generateSigningKeys();
    const now = 1_800_000_000_000;
    const kp = (await makeKeyPackage('Bob', keys, proofFor(keys), now)).publicPackage;
    expect(kp.leafNode.leafNodeSource === 'key_package' && kp.leafNode.lifetime).toEqual(keyPackageLifetime(now));
    expect(keyPackageLifetime(now)).toEqual({ notBefore: 1_800_000_000n - 300n, notAfter: 1_800_000_000n + 3600n });
    expect(keyPackageValidNow(kp, now + 3_599_000)).toBe(true);
    expect(keyPackageValidNow(kp, now + 3_601_000)).toBe(false);
    expect(keyPackageValidNow(kp, now - 301_000)).toBe(false);
    const proof = kp.leafNode.extensions.find((e) => e.extensionType === INVITE_PROOF_EXTENSION)!.extensionData;
    expect(proof).toEqual(await computeInviteProof(secret, MEETING, keys.publicKey, new TextEncoder().encode('Bob'), kp.initKey));
  });

  it('the relay gets a GroupInfo with the ratchet tree and no external_pub', async () => {
    const { a } = await relayAndGroup();
    const types = (await groupInfo(a)).extensions.map((e) => e.extensionType);
    expect(types).toContain('ratchet_tree');
    expect(types).not.toContain('external_pub');
    expect(a.groupContext.extensions.some((e) => e.extensionType === INVITE_KEY_EXTENSION)).toBe(true);
  });
});

describe('proposal filter', () => {
  it('stores only the relay\'s (external sender 0) Remove of a non-blank leaf of this epoch', async () => {
    const { relay, a: a0 } = await relayAndGroup();
    const cs = await suite();
    const bKeys = await generateSigningKeys();
    const { a, b } = await addByCommit(a0, await makeKeyPackage('Bob', bKeys, proofFor(bKeys)));
    const gi = await groupInfo(a);
    const remove = await proposeExternal(gi, { proposalType: 'remove', remove: { removed: 1 } }, relay.publicKey, relay.signKey, cs);
    expect(acceptableProposal(remove, a)).toBe(true);
    expect(acceptableProposal(remove, a0)).toBe(false); // another epoch
    const blank = await proposeExternal(gi, { proposalType: 'remove', remove: { removed: 3 } }, relay.publicKey, relay.signKey, cs);
    expect(acceptableProposal(blank, a)).toBe(false);
    const intruder = await makeKeyPackage('Relay', await generateSigningKeys(), undefined);
    const add = await proposeExternal(gi, { proposalType: 'add', add: { keyPackage: intruder.publicPackage } }, relay.publicKey, relay.signKey, cs);
    expect(acceptableProposal(add, a)).toBe(false);
    const gce = await proposeExternal(gi, { proposalType: 'group_context_extensions', groupContextExtensions: { extensions: [] } }, relay.publicKey, relay.signKey, cs);
    expect(acceptableProposal(gce, a)).toBe(false);
    const byMember = await createProposal(b, true, { proposalType: 'remove', remove: { removed: 0 } }, cs);
    expect(acceptableProposal(byMember.message, a)).toBe(false);
  });
});

describe('commit facts', () => {
  it('a relay Remove committed by reference is applied; a by-value proof Add gets invite_proof', async () => {
    const { relay, a: a0 } = await relayAndGroup();
    const cs = await suite();
    const bKeys = await generateSigningKeys();
    let { a } = await addByCommit(a0, await makeKeyPackage('Bob', bKeys, proofFor(bKeys)));
    const cKeys = await generateSigningKeys();
    ({ a } = await addByCommit(a, await makeKeyPackage('Carol', cKeys, proofFor(cKeys))));
    const dKeys = await generateSigningKeys();
    const d = await makeKeyPackage('Dave', dKeys, proofFor(dKeys));
    const remove = await proposeExternal(await groupInfo(a), { proposalType: 'remove', remove: { removed: 2 } }, relay.publicKey, relay.signKey, cs);
    if (!acceptableProposal(remove, a)) throw new Error('the relay\'s Remove was not acceptable');
    a = (await processMessage(remove, a, emptyPskIndex, acceptAll, cs)).newState;
    const commit = await createCommit({ state: a, cipherSuite: cs }, { extraProposals: [{ proposalType: 'add', add: { keyPackage: d.publicPackage } }], wireAsPublicMessage: true });
    const read = await readCommit(framed(commit.commit), a, MEETING, new Set());
    expect(read.facts).toEqual({
      committer: { kind: 'member', host: true },
      proposals: [{ type: 'remove', proposer: 'external0', byReference: true }, { type: 'add', proposer: 'committer', byReference: false, proofValid: true, seen: false }],
    });
    expect(decideCommit(read.facts)).toEqual({ verdict: 'apply', adds: ['invite_proof'], shown: [] });
    expect(read.removed).toEqual([2]);
    // Dave refills Carol's leaf 2 in the same commit.
    expect(leafOfKeyPackage(commit.newState, d.publicPackage)).toBe(2);
    expect(read.adds[0]!.ref).toBe(await keyPackageRef(d.publicPackage));
    expect((await readCommit(framed(commit.commit), a, MEETING, new Set([read.adds[0]!.ref]))).facts.proposals[1]!.seen).toBe(true);
  });

  it('a proof replayed in a KeyPackage with another init key is not valid; a proof of another secret neither', async () => {
    const { a: a0 } = await relayAndGroup();
    const cs = await suite();
    const mKeys = await generateSigningKeys();
    const original = await makeKeyPackage('Mallory', mKeys, proofFor(mKeys));
    const stolen = original.publicPackage.leafNode.extensions.find((e) => e.extensionType === INVITE_PROOF_EXTENSION)!.extensionData;
    const replay = await makeKeyPackage('Mallory', mKeys, async () => stolen);
    const wrong = await makeKeyPackage('Mallory', mKeys, proofFor(mKeys, new Uint8Array(32)));
    for (const kp of [replay, wrong]) {
      const commit = await createCommit({ state: a0, cipherSuite: cs }, { extraProposals: [{ proposalType: 'add', add: { keyPackage: kp.publicPackage } }], wireAsPublicMessage: true });
      const read = await readCommit(framed(commit.commit), a0, MEETING, new Set());
      expect(read.facts.proposals[0]!.proofValid).toBe(false);
    }
  });

  it('a commit by reference of a member\'s proposal is refused (by_reference), and a non-host\'s GCE (gce_not_host)', async () => {
    const { a: a0 } = await relayAndGroup();
    const cs = await suite();
    const bKeys = await generateSigningKeys();
    let { a, b } = await addByCommit(a0, await makeKeyPackage('Bob', bKeys, proofFor(bKeys)));
    const intruder = await makeKeyPackage('Eve', await generateSigningKeys(), undefined);
    const proposal = await createProposal(b, true, { proposalType: 'add', add: { keyPackage: intruder.publicPackage } }, cs);
    // What an old client did: process and store every proposal, then commit it by reference.
    a = (await processMessage(proposal.message as Parameters<typeof processMessage>[0], a, emptyPskIndex, acceptAll, cs)).newState;
    const commit = await createCommit({ state: a, cipherSuite: cs }, { wireAsPublicMessage: true });
    // This member never stored it (the filter dropped it): the reference is unknown.
    const read = await readCommit(framed(commit.commit), { ...a, unappliedProposals: {} }, MEETING, new Set());
    expect(decideCommit(read.facts)).toEqual({ verdict: 'refuse', rule: 'by_reference' });
    const gce = await createCommit({ state: b, cipherSuite: cs }, {
      extraProposals: [{ proposalType: 'group_context_extensions', groupContextExtensions: { extensions: [
        ...b.groupContext.extensions.filter((e) => e.extensionType !== HOSTS_EXTENSION),
        { extensionType: HOSTS_EXTENSION, extensionData: encodeHosts([bKeys.publicKey]) },
      ] } }],
      wireAsPublicMessage: true,
    });
    const readGce = await readCommit(framed(gce.commit), b, MEETING, new Set());
    expect(readGce.facts.committer).toEqual({ kind: 'member', host: false });
    expect(decideCommit(readGce.facts)).toEqual({ verdict: 'refuse', rule: 'gce_not_host' });
  });

  it('describes extension changes', () => {
    const hosts = { extensionType: HOSTS_EXTENSION, extensionData: encodeHosts([new Uint8Array(32)]) };
    const key = { extensionType: INVITE_KEY_EXTENSION, extensionData: new Uint8Array(32) };
    const senders = { extensionType: 'external_senders' as const, extensionData: Uint8Array.of(1) };
    const before = [senders, hosts, key];
    expect(gceChange(before, before)).toEqual({ externalSendersChanged: false, hostsValid: true, inviteKeyValid: true, otherChanged: false, hostsChanged: false, inviteKeyChanged: false });
    const rotated = { extensionType: INVITE_KEY_EXTENSION, extensionData: new Uint8Array(32).fill(1) };
    expect(gceChange(before, [senders, hosts, rotated]).inviteKeyChanged).toBe(true);
    expect(gceChange(before, [hosts, key]).externalSendersChanged).toBe(true);
    expect(gceChange(before, [senders, key]).hostsValid).toBe(false);
    expect(gceChange(before, [senders, hosts, { extensionType: INVITE_KEY_EXTENSION, extensionData: new Uint8Array(31) }]).inviteKeyValid).toBe(false);
    expect(gceChange(before, [...before, { extensionType: 0xbeef, extensionData: Uint8Array.of(1) }]).otherChanged).toBe(true);
  });
});

describe('unauthorised flags', () => {
  const tree = (keys: (Uint8Array | undefined)[]) => keys.flatMap((k, i) => [
    k === undefined ? undefined : { nodeType: 'leaf', leaf: { signaturePublicKey: k } },
    ...(i < keys.length - 1 ? [undefined] : []),
  ]) as unknown as ClientState['ratchetTree'];
  const k = (n: number) => new Uint8Array(32).fill(n);

  it('are keyed by leaf and key: a leaf removed and refilled in the same commit is not flagged by mistake', () => {
    const flags = new Flags();
    flags.update([], [{ leaf: 2, key: k(9) }], tree([k(1), k(2), k(9)]));
    expect(flags.leaves).toEqual([2]);
    expect(flags.has(2, k(9))).toBe(true);
    // The unauthorised member at leaf 2 is removed and a legitimate joiner takes leaf 2 in the same commit.
    flags.update([2], [], tree([k(1), k(2), k(3)]));
    expect(flags.size).toBe(0);
    expect(flags.has(2, k(3))).toBe(false);
  });

  it('end when the leaf changes hands even unseen, and a refill by another unauthorised key is flagged anew', () => {
    const flags = new Flags();
    flags.update([], [{ leaf: 1, key: k(9) }], tree([k(1), k(9)]));
    flags.update([], [], tree([k(1), k(4)]));
    expect(flags.size).toBe(0);
    flags.update([], [{ leaf: 1, key: k(8) }], tree([k(1), k(8)]));
    flags.update([1], [{ leaf: 1, key: k(7) }], tree([k(1), k(7)]));
    expect(flags.has(1, k(7))).toBe(true);
    expect(flags.has(1, k(8))).toBe(false);
  });

  it('rank the members that are not flagged by leaf index', () => {
    expect(removalRank(0, [0, 1, 2, 3], [1])).toBe(0);
    expect(removalRank(2, [0, 1, 2, 3], [1])).toBe(1);
    expect(removalRank(3, [0, 1, 2, 3], [1])).toBe(2);
    expect(removalRank(1, [0, 1, 2, 3], [1])).toBeUndefined();
  });
});

describe('display names', () => {
  it('lose control, bidi and zero-width characters', () => {
    expect(displayName('Eve\u202e tsoh \u00b7')).toBe('Eve tsoh ·');
    expect(displayName('A\u200bli\u0000ce\n')).toBe('Alice');
    expect(displayName('\u2066\u2069')).toBe('(no name)');
    expect(displayName('Zoë · host')).toBe('Zoë · host');
  });
});
