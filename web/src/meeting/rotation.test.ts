import { describe, expect, it } from 'vitest';
import { acceptAll, createCommit, emptyPskIndex, joinGroup, processMessage, type ClientState } from 'ts-mls';
import { INVITE_KEY_EXTENSION, inviteKeyPair } from './admission.js';
import { decideCommit } from './admission-rules.js';
import { readCommit } from './commit-facts.js';
import { createMeetingGroup, generateSigningKeys, inviteKey, makeKeyPackage, suite } from './mls.js';
import { concatBytes, opaque } from './tls.js';

type Incoming = Parameters<typeof processMessage>[0];

/**
 * Rotation of the invite link is a GroupContextExtensions commit. ts-mls 1.6.4 made it without an
 * UpdatePath (RFC 9420 §12.4 requires one), or, with one, encrypted the path to the old extensions;
 * web/patches/ts-mls+1.6.4.patch fixes both. Four members so that path secrets go to several subtrees.
 */
describe('invite link rotation (GCE by value, with a path)', () => {
  it('is a commit with a path that every member applies, shown as invite_key_changed', async () => {
    const cs = await suite();
    const relay = await generateSigningKeys();
    const externalSender = concatBytes(opaque(relay.publicKey), Uint8Array.of(0, 1), opaque(new TextEncoder().encode('relay')));
    const aKeys = await generateSigningKeys();
    const old = await inviteKeyPair(new Uint8Array(32).fill(1), 'm1');
    let a = await createMeetingGroup('m1', await makeKeyPackage('A', aKeys, undefined), externalSender, aKeys.publicKey, old.publicKey);
    const joiners = await Promise.all(['B', 'C', 'D'].map(async (n) => makeKeyPackage(n, await generateSigningKeys(), undefined)));
    const added = await createCommit({ state: a, cipherSuite: cs }, {
      extraProposals: joiners.map((j) => ({ proposalType: 'add' as const, add: { keyPackage: j.publicPackage } })), ratchetTreeExtension: true, wireAsPublicMessage: true,
    });
    a = added.newState;
    let others: ClientState[] = await Promise.all(joiners.map((j) => joinGroup(added.welcome!, j.publicPackage, j.privatePackage, emptyPskIndex, cs)));
    // An empty commit by D first, so that the tree has parent keys on several paths.
    const refresh = await createCommit({ state: others[2]!, cipherSuite: cs }, { wireAsPublicMessage: true });
    a = (await processMessage(refresh.commit as Incoming, a, emptyPskIndex, acceptAll, cs)).newState;
    others = [
      (await processMessage(refresh.commit as Incoming, others[0]!, emptyPskIndex, acceptAll, cs)).newState,
      (await processMessage(refresh.commit as Incoming, others[1]!, emptyPskIndex, acceptAll, cs)).newState,
      refresh.newState,
    ];
    const fresh = await inviteKeyPair(new Uint8Array(32).fill(2), 'm1');
    const extensions = [...a.groupContext.extensions.filter((e) => e.extensionType !== INVITE_KEY_EXTENSION),
      { extensionType: INVITE_KEY_EXTENSION, extensionData: fresh.publicKey }];
    const rotation = await createCommit({ state: a, cipherSuite: cs }, {
      extraProposals: [{ proposalType: 'group_context_extensions', groupContextExtensions: { extensions } }], wireAsPublicMessage: true,
    });
    if (rotation.commit.wireformat !== 'mls_public_message' || rotation.commit.publicMessage.content.contentType !== 'commit') throw new Error('not a public commit');
    expect(rotation.commit.publicMessage.content.commit.path).toBeDefined();
    for (const s of others) {
      const read = await readCommit(rotation.commit.publicMessage.content, s, 'm1', new Set());
      expect(decideCommit(read.facts)).toEqual({ verdict: 'apply', adds: [], shown: ['invite_key_changed'] });
      const next = (await processMessage(rotation.commit, s, emptyPskIndex, acceptAll, cs)).newState;
      expect(inviteKey(next.groupContext.extensions)).toEqual(fresh.publicKey);
      expect(next.keySchedule.epochAuthenticator).toEqual(rotation.newState.keySchedule.epochAuthenticator);
    }
  });
});
