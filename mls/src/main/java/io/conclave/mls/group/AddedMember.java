package io.conclave.mls.group;

import io.conclave.mls.framing.Sender;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.treemath.LeafIndex;
import java.util.Objects;

/**
 * A member that a commit added (RFC 9420 §12.1.1, §12.3), with the provenance of its Add proposal.
 *
 * @param leaf where the new member's leaf was placed
 * @param keyPackage the KeyPackage of the Add
 * @param proposer who proposed the Add: the committer for an Add by value, else the sender of the
 *     proposal message the commit refers to (a member, an external sender, or a
 *     {@code new_member_proposal})
 * @param byReference true if the commit included the Add as a ProposalRef (§12.4)
 */
public record AddedMember(LeafIndex leaf, KeyPackage keyPackage, Sender proposer, boolean byReference) {
  public AddedMember {
    Objects.requireNonNull(leaf, "leaf");
    Objects.requireNonNull(keyPackage, "keyPackage");
    Objects.requireNonNull(proposer, "proposer");
  }
}
