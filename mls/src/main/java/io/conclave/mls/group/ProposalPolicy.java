package io.conclave.mls.group;

import io.conclave.mls.framing.Sender;
import io.conclave.mls.messages.Proposal;

/**
 * The application's policy for proposals received as standalone messages (RFC 9420 §12.1, §16.11
 * "Additional Policy Enforcement"; §12.2 lets applications add rules to proposal validation).
 *
 * <p>{@link Group#process} asks it for every received proposal after the message's signature (and,
 * for members, its membership tag) was verified and the proposal passed the checks of §12.1 and
 * §12.1.8, and before the proposal is cached for a commit to include it by reference. A refused
 * proposal is not cached: {@code process} returns {@link ProcessResult.ProposalRefused}, this member
 * never commits it, and a commit from another member that refers to it is rejected with
 * {@link Rule#UNKNOWN_PROPOSAL} because its reference names no proposal known here.
 *
 * <p>Proposals carried by value in a commit are authored by the committer (a member, or the joiner
 * of an external commit) and are not passed to the policy; external commits are governed by
 * {@link GroupConfig#allowExternalCommits()}.
 */
@FunctionalInterface
public interface ProposalPolicy {

  /**
   * The default: accepts only proposals from members ({@link Sender.Member}); refuses every
   * proposal of an external sender ({@link Sender.External}, e.g. the relay's key in the
   * {@code external_senders} extension) and every {@code new_member_proposal}. With it, a relay
   * cannot get its own Add committed by reference.
   */
  ProposalPolicy STRICT = (sender, proposal) -> sender instanceof Sender.Member;

  /** RFC 9420's permissive behaviour: every valid proposal from every allowed sender type is cached. */
  ProposalPolicy ACCEPT_ALL = (sender, proposal) -> true;

  /**
   * Whether to cache {@code proposal} from {@code sender} for a commit by reference.
   *
   * @param sender the authenticated sender of the proposal message
   * @param proposal the proposal, already checked against the current epoch
   */
  boolean accept(Sender sender, Proposal proposal);
}
