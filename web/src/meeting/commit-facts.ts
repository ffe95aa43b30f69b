/**
 * What a member reads from MLS messages before it lets ts-mls touch its state (docs/PROTOCOL.md
 * "Proposals a client accepts", "Admission decisions"): which relay proposals may be stored, the
 * facts of a received commit for {@link decideCommit}, and the unauthorised-member flags, kept per
 * (leaf, signature key).
 */
import type { ClientState, Extension, FramedContent, KeyPackage, MLSMessage, Proposal } from 'ts-mls';
import { extensionTypeToNumber } from 'ts-mls/extension.js';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { bytesToBase64 } from 'ts-mls/util/byteArray.js';
import { HOSTS_EXTENSION, INVITE_KEY_EXTENSION, INVITE_KEY_LENGTH, decodeHosts, equalBytes, verifyInviteProof } from './admission.js';
import type { CommitFacts, GceChange, ProposalFacts, ProposalKind } from './admission-rules.js';
import { inviteKey, isHostKey, suite } from './mls.js';

const EXTERNAL_SENDERS = 5;

/**
 * Only a PublicMessage of this group and epoch, from external sender index 0 (the relay), whose
 * content is a Remove of a non-blank leaf, may be processed (stored for commit by reference).
 * Everything else is dropped before ts-mls sees it.
 */
export function acceptableProposal(m: MLSMessage, state: ClientState): m is Extract<MLSMessage, { wireformat: 'mls_public_message' }> {
  if (m.wireformat !== 'mls_public_message') return false;
  const c = m.publicMessage.content;
  if (c.sender.senderType !== 'external' || c.sender.senderIndex !== 0) return false;
  if (c.contentType !== 'proposal' || c.proposal.proposalType !== 'remove') return false;
  if (!equalBytes(c.groupId, state.groupContext.groupId) || c.epoch !== state.groupContext.epoch) return false;
  const removed = c.proposal.remove.removed;
  return Number.isInteger(removed) && removed >= 0 && state.ratchetTree[2 * removed]?.nodeType === 'leaf';
}

export async function keyPackageRef(kp: KeyPackage): Promise<string> {
  return bytesToBase64(await makeKeyPackageRef(kp, (await suite()).hash));
}

function extensionMap(exts: readonly Extension[]): Map<number, Uint8Array> {
  return new Map(exts.map((e) => [extensionTypeToNumber(e.extensionType), e.extensionData]));
}

function sameData(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a === undefined || b === undefined ? a === b : equalBytes(a, b);
}

/** How replacing the group context extensions `before` by `after` changes them. */
export function gceChange(before: readonly Extension[], after: readonly Extension[]): GceChange {
  const b = extensionMap(before);
  const a = extensionMap(after);
  let hostsValid = false;
  const hostsData = a.get(HOSTS_EXTENSION);
  if (hostsData !== undefined) {
    try {
      decodeHosts(hostsData);
      hostsValid = true;
    } catch {
      hostsValid = false;
    }
  }
  const special = new Set([EXTERNAL_SENDERS, HOSTS_EXTENSION, INVITE_KEY_EXTENSION]);
  const others = new Set([...a.keys(), ...b.keys()].filter((t) => !special.has(t)));
  return {
    externalSendersChanged: !sameData(b.get(EXTERNAL_SENDERS), a.get(EXTERNAL_SENDERS)),
    hostsValid,
    inviteKeyValid: a.get(INVITE_KEY_EXTENSION)?.length === INVITE_KEY_LENGTH,
    otherChanged: [...others].some((t) => !sameData(b.get(t), a.get(t))),
    hostsChanged: !sameData(b.get(HOSTS_EXTENSION), a.get(HOSTS_EXTENSION)),
    inviteKeyChanged: !sameData(b.get(INVITE_KEY_EXTENSION), a.get(INVITE_KEY_EXTENSION)),
  };
}

function kind(p: Proposal): ProposalKind {
  switch (p.proposalType) {
    case 'add': return 'add';
    case 'remove': return 'remove';
    case 'update': return 'update';
    case 'psk': return 'psk';
    case 'reinit': return 'reinit';
    case 'external_init': return 'external_init';
    case 'group_context_extensions': return 'gce';
    default: return 'unknown';
  }
}

/** A commit's facts, with what the session needs once it is applied. */
export interface ReadCommit {
  readonly facts: CommitFacts;
  readonly committerLeaf: number | undefined;
  /** The Adds in commit order (the verdict's bases are in the same order), with their refs. */
  readonly adds: readonly { readonly keyPackage: KeyPackage; readonly ref: string }[];
  /** Leaves the commit removes. */
  readonly removed: readonly number[];
}

/**
 * The facts of a commit made in `state`'s epoch: proposals by reference are resolved against the
 * proposals this member stored, which are only the relay's Removes ({@link acceptableProposal}).
 */
export async function readCommit(content: FramedContent, state: ClientState, meetingId: string, seen: ReadonlySet<string>): Promise<ReadCommit> {
  const sender = content.sender;
  const committerLeaf = sender.senderType === 'member' ? sender.leafIndex : undefined;
  const committerNode = committerLeaf === undefined ? undefined : state.ratchetTree[2 * committerLeaf];
  const host = committerNode?.nodeType === 'leaf' && isHostKey(state, committerNode.leaf.signaturePublicKey);
  const facts: ProposalFacts[] = [];
  const adds: { keyPackage: KeyPackage; ref: string }[] = [];
  const removed: number[] = [];
  const key = inviteKey(state.groupContext.extensions);
  const proposals = content.contentType === 'commit' ? content.commit.proposals : [];
  for (const por of proposals) {
    let p: Proposal | undefined;
    let proposer: ProposalFacts['proposer'];
    if (por.proposalOrRefType === 'reference') {
      const stored = state.unappliedProposals[bytesToBase64(por.reference)];
      // Only the relay's Removes are ever stored; anything else counts as a member's proposal.
      p = stored?.proposal;
      proposer = stored?.senderLeafIndex === undefined ? 'external0' : 'member';
      if (p === undefined) {
        // Not a proposal this member stored: not one of the relay's Removes.
        facts.push({ type: 'unknown', proposer: 'member', byReference: true });
        continue;
      }
    } else {
      p = por.proposal;
      proposer = 'committer';
    }
    const byReference = por.proposalOrRefType === 'reference';
    const type = kind(p);
    if (p.proposalType === 'add') {
      const kp = p.add.keyPackage;
      const leaf = kp.leafNode;
      const identity = leaf.credential.credentialType === 'basic' ? leaf.credential.identity : undefined;
      const proof = leaf.extensions.find((e) => extensionTypeToNumber(e.extensionType) === 0xf1c0)?.extensionData;
      const ref = await keyPackageRef(kp);
      adds.push({ keyPackage: kp, ref });
      facts.push({
        type, proposer, byReference,
        proofValid: await verifyInviteProof(key, meetingId, leaf.signaturePublicKey, identity, kp.initKey, proof),
        seen: seen.has(ref),
      });
    } else if (p.proposalType === 'group_context_extensions') {
      facts.push({ type, proposer, byReference, change: gceChange(state.groupContext.extensions, p.groupContextExtensions.extensions) });
    } else {
      if (p.proposalType === 'remove') removed.push(p.remove.removed);
      facts.push({ type, proposer, byReference });
    }
  }
  return {
    facts: { committer: { kind: sender.senderType === 'member' ? 'member' : 'new_member_commit', host }, proposals: facts },
    committerLeaf,
    adds,
    removed,
  };
}

/**
 * Unauthorised members, flagged by leaf *and* signature key: a leaf emptied and refilled by another
 * key is not flagged by mistake, and a flag ends when its leaf is removed or changes hands.
 */
export class Flags {
  private readonly flags = new Map<number, Uint8Array>();

  /** After a commit: its removed leaves lose their flags, then its unauthorised Adds are flagged. */
  update(removed: readonly number[], unauthorised: readonly { leaf: number; key: Uint8Array }[], tree: ClientState['ratchetTree']): void {
    for (const leaf of removed) this.flags.delete(leaf);
    for (const u of unauthorised) this.flags.set(u.leaf, u.key);
    for (const [leaf, key] of [...this.flags]) {
      const node = tree[2 * leaf];
      if (node?.nodeType !== 'leaf' || !equalBytes(node.leaf.signaturePublicKey, key)) this.flags.delete(leaf);
    }
  }

  has(leaf: number, key: Uint8Array): boolean {
    const k = this.flags.get(leaf);
    return k !== undefined && equalBytes(k, key);
  }

  get leaves(): number[] {
    return [...this.flags.keys()].sort((a, b) => a - b);
  }

  get size(): number {
    return this.flags.size;
  }
}

/**
 * The rank of `own` among the members that are not flagged, by leaf index (0 = commits first), or
 * undefined if `own` is itself flagged.
 */
export function removalRank(own: number, members: readonly number[], flagged: readonly number[]): number | undefined {
  if (flagged.includes(own)) return undefined;
  return members.filter((l) => l < own && !flagged.includes(l)).length;
}
