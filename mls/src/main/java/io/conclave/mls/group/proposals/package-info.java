/**
 * Proposals inside the group (RFC 9420 §12.1–§12.3): references ({@code ProposalRef}, §5.2), the
 * cache of proposals received in an epoch, the checks of each proposal and of a commit's proposal
 * list (every rule of §12.2, with the rule ids of {@link io.conclave.mls.Rule}), and
 * applying a list in the order of §12.3 to a copy of the tree.
 */
package io.conclave.mls.group.proposals;
