/**
 * The admission decision table of docs/PROTOCOL.md ("Admission decisions"), as a pure function of
 * facts about one commit; testdata/admission-scenarios.json pins it for this client and the Java
 * client alike. The session gathers the facts (commit-facts.ts) before it applies a commit.
 */

/** Who proposed a proposal the commit covers: `committer` = by value. */
export type Proposer = 'committer' | 'member' | 'external0' | 'external1' | 'new_member';

export type ProposalKind = 'add' | 'remove' | 'update' | 'psk' | 'reinit' | 'external_init' | 'gce' | 'unknown';

/** How a GroupContextExtensions proposal changes the group context. */
export interface GceChange {
  readonly externalSendersChanged: boolean;
  readonly hostsValid: boolean;
  readonly inviteKeyValid: boolean;
  /** Any extension type other than conclave_hosts, conclave_invite_key (and external_senders) changed. */
  readonly otherChanged: boolean;
  readonly hostsChanged: boolean;
  readonly inviteKeyChanged: boolean;
}

export interface ProposalFacts {
  readonly type: ProposalKind;
  readonly proposer: Proposer;
  readonly byReference: boolean;
  /** Adds: the leaf's invite proof verifies against the commit epoch's invite key. */
  readonly proofValid?: boolean;
  /** Adds: this member has seen the KeyPackage (its ref) added before in this meeting. */
  readonly seen?: boolean;
  /** GroupContextExtensions only. */
  readonly change?: GceChange;
}

export interface CommitFacts {
  readonly committer: { readonly kind: 'member' | 'new_member_commit'; readonly host: boolean };
  /** In commit order. */
  readonly proposals: readonly ProposalFacts[];
}

export type Basis = 'invite_proof' | 'host_approval' | 'none';
export type Shown = 'hosts_changed' | 'invite_key_changed';
export type Rule = 'external_commit' | 'by_reference' | 'proposal_type' | 'gce_not_host' | 'external_senders_changed' | 'hosts_invalid' | 'extensions_changed';

export type Verdict =
  | { readonly verdict: 'apply'; readonly adds: readonly Basis[]; readonly shown: readonly Shown[] }
  | { readonly verdict: 'refuse'; readonly rule: Rule };

const ALLOWED_TYPES: ReadonlySet<ProposalKind> = new Set(['add', 'remove', 'gce']);

/** The verdict every member reaches for a commit with these facts. */
export function decideCommit(facts: CommitFacts): Verdict {
  const refuse = (rule: Rule): Verdict => ({ verdict: 'refuse', rule });
  if (facts.committer.kind !== 'member') return refuse('external_commit');
  const ps = facts.proposals;
  if (ps.some((p) => p.byReference && !(p.type === 'remove' && p.proposer === 'external0'))) return refuse('by_reference');
  if (ps.some((p) => !ALLOWED_TYPES.has(p.type))) return refuse('proposal_type');
  const gces = ps.filter((p) => p.type === 'gce');
  if (gces.length > 0 && !facts.committer.host) return refuse('gce_not_host');
  const changes = gces.map((p) => p.change ?? MALFORMED);
  if (changes.some((c) => c.externalSendersChanged)) return refuse('external_senders_changed');
  if (changes.some((c) => !c.hostsValid || !c.inviteKeyValid)) return refuse('hosts_invalid');
  if (changes.some((c) => c.otherChanged)) return refuse('extensions_changed');
  const adds = ps.filter((p) => p.type === 'add').map((p): Basis => {
    if (p.seen === true) return 'none';
    if (p.proofValid === true) return 'invite_proof';
    return facts.committer.host ? 'host_approval' : 'none';
  });
  const shown: Shown[] = [];
  if (changes.some((c) => c.hostsChanged)) shown.push('hosts_changed');
  if (changes.some((c) => c.inviteKeyChanged)) shown.push('invite_key_changed');
  return { verdict: 'apply', adds, shown };
}

/** A GCE without its change described: refused as malformed hosts. */
const MALFORMED: GceChange = {
  externalSendersChanged: false, hostsValid: false, inviteKeyValid: false, otherChanged: false, hostsChanged: false, inviteKeyChanged: false,
};
