package io.conclave.mls.group;

import io.conclave.mls.framing.Sender;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.util.List;
import java.util.Objects;

/**
 * A commit that {@link PublicGroup#verifyCommit} verified, not yet installed: who committed, what
 * it changes (derived from the commit and the tree, never from the sender's claims) and the
 * GroupContext of the epoch it starts (RFC 9420 §8.1, §12.4.2).
 *
 * @param epoch the commit's epoch (the one it ends)
 * @param committer the committer's leaf in the new tree; for an external commit the leaf it takes
 * @param sender the commit's sender: {@link Sender.Member} or {@link Sender.NewMemberCommit}
 * @param added the leaves filled by Add proposals, in proposal-list order (§12.3)
 * @param removed the leaves blanked by Remove proposals
 * @param updated the leaves replaced by Update proposals (not the committer's path leaf)
 * @param proposals every covered proposal, in commit order
 * @param hasPath whether the commit carries an UpdatePath
 * @param reinit whether the commit carries a ReInit (§12.1.5); the group then ends
 * @param nextContext the GroupContext of epoch {@code epoch + 1}
 * @param next opaque state for {@link PublicGroup#apply}; bound to the group and epoch it was verified in
 */
public record PublicCommit(long epoch, LeafIndex committer, Sender sender, List<Added> added,
    List<LeafIndex> removed, List<LeafIndex> updated, List<Proposed> proposals, boolean hasPath, boolean reinit,
    GroupContext nextContext, Next next) {

  public PublicCommit {
    Objects.requireNonNull(committer, "committer");
    Objects.requireNonNull(sender, "sender");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    updated = List.copyOf(updated);
    proposals = List.copyOf(proposals);
    Objects.requireNonNull(nextContext, "nextContext");
    Objects.requireNonNull(next, "next");
  }

  /** Whether this is an external commit (§12.4.3.2): its committer joins by it. */
  public boolean external() {
    return sender instanceof Sender.NewMemberCommit;
  }

  /** The epoch the commit starts. */
  public long nextEpoch() {
    return nextContext.epoch();
  }

  /**
   * A member added by an Add proposal (§12.1.1).
   *
   * @param proposer the Add's sender: the committer for an Add by value, else the proposal's sender
   * @param byReference whether the commit named the Add by ProposalRef
   */
  public record Added(LeafIndex leaf, KeyPackage keyPackage, Sender proposer, boolean byReference) {
    public Added {
      Objects.requireNonNull(leaf, "leaf");
      Objects.requireNonNull(keyPackage, "keyPackage");
      Objects.requireNonNull(proposer, "proposer");
    }
  }

  /** One covered proposal: its type (§17.4), its sender, and whether it came by reference. */
  public record Proposed(int proposalType, Sender proposer, boolean byReference) {
    public Proposed {
      Objects.requireNonNull(proposer, "proposer");
    }
  }

  /**
   * What {@link PublicGroup#apply} installs: the new tree and GroupContext, the committer, the
   * commit's confirmation tag, and the group and epoch the commit was verified against. Opaque
   * outside the package; {@link PublicGroup#apply} relies on it, not on the record's other
   * components, so a PublicCommit rebuilt with other values cannot install anything unverified.
   */
  public static final class Next {
    final PublicGroup owner;
    final long baseEpoch;
    final LeafIndex committer;
    final GroupContext context;
    final TreeState tree;
    final byte[] confirmationTag;

    Next(PublicGroup owner, long baseEpoch, LeafIndex committer, GroupContext context, TreeState tree,
        byte[] confirmationTag) {
      this.owner = owner;
      this.baseEpoch = baseEpoch;
      this.committer = committer;
      this.context = context;
      this.tree = tree;
      this.confirmationTag = confirmationTag.clone();
    }

    @Override
    public String toString() {
      return "Next[epoch " + Long.toUnsignedString(baseEpoch + 1) + "]";
    }
  }
}
