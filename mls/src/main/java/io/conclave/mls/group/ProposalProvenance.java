package io.conclave.mls.group;

import io.conclave.mls.framing.Sender;
import java.util.Objects;

/**
 * Who proposed one of the proposals a commit covered (RFC 9420 §12.4), and how it was included.
 *
 * @param proposalType the {@code ProposalType} code point (§17.4), e.g. {@code Add.TYPE}
 * @param proposer the committer for a proposal by value (for an external commit
 *     {@link Sender.NewMemberCommit}), else the authenticated sender of the referenced proposal
 *     message (§12.1.8)
 * @param byReference true if included as a ProposalRef, false if by value
 */
public record ProposalProvenance(int proposalType, Sender proposer, boolean byReference) {
  public ProposalProvenance {
    Objects.requireNonNull(proposer, "proposer");
  }
}
