package io.conclave.mls.group.proposals;

import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.messages.Proposal;
import java.util.Objects;
import java.util.Optional;

/**
 * A proposal with its sender: one received standalone (kept with the {@link AuthenticatedContent}
 * it arrived in, which its reference hashes), or one a commit carries by value.
 */
public record CachedProposal(Proposal proposal, Sender sender, Optional<AuthenticatedContent> message) {

  public CachedProposal {
    Objects.requireNonNull(proposal, "proposal");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(message, "message");
  }

  /** A proposal carried by value in a commit from {@code committer}. */
  public static CachedProposal inline(Proposal proposal, Sender committer) {
    return new CachedProposal(proposal, committer, Optional.empty());
  }

  public boolean byReference() {
    return message.isPresent();
  }
}
