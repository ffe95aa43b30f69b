package io.conclave.mls.group;

import io.conclave.mls.codec.WireValues;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.treemath.LeafIndex;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link Group#process} made of a received message. */
public sealed interface ProcessResult {

  /** Application data from the member at {@code senderLeaf} (RFC 9420 §6.3). */
  record ApplicationMessage(LeafIndex senderLeaf, byte[] data, byte[] authenticatedData) implements ProcessResult {
    public ApplicationMessage {
      data = data.clone();
      authenticatedData = authenticatedData.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public byte[] authenticatedData() {
      return authenticatedData.clone();
    }

    @Override
    public boolean equals(Object o) {
      return WireValues.equals(this, o);
    }

    @Override
    public int hashCode() {
      return WireValues.hashCode(this);
    }

    @Override
    public String toString() {
      return WireValues.toString(this);
    }
  }

  /**
   * A valid proposal, cached until the epoch ends so that a commit can include it by reference
   * ({@code ref}, RFC 9420 §5.2).
   */
  record ProposalStored(byte[] ref, Sender sender, int proposalType) implements ProcessResult {
    public ProposalStored {
      ref = ref.clone();
      Objects.requireNonNull(sender, "sender");
    }

    @Override
    public byte[] ref() {
      return ref.clone();
    }

    @Override
    public boolean equals(Object o) {
      return WireValues.equals(this, o);
    }

    @Override
    public int hashCode() {
      return WireValues.hashCode(this);
    }

    @Override
    public String toString() {
      return WireValues.toString(this);
    }
  }

  /**
   * A proposal that passed every check of RFC 9420 §12.1 but that the application's
   * {@link ProposalPolicy} refused (§16.11): it was not cached, so this member will neither commit
   * it nor accept a commit that refers to it ({@link Rule#UNKNOWN_PROPOSAL}).
   */
  record ProposalRefused(Sender sender, int proposalType) implements ProcessResult {
    public ProposalRefused {
      Objects.requireNonNull(sender, "sender");
    }
  }

  /**
   * A commit took the group to {@code newEpoch} (RFC 9420 §12.4.2). When {@code selfRemoved} is
   * true this member was removed: the group can no longer send, and keeps only the previous epoch
   * for late application messages.
   *
   * @param added the leaves of added members, in the order of the Adds (§12.3)
   * @param removed the removed leaves
   * @param updated the leaves replaced by Update proposals
   * @param addedMembers {@code added} with each Add's KeyPackage and provenance: who proposed it,
   *     and whether by reference. A member added by an external sender's or a new member's proposal
   *     shows a {@link Sender.External} or {@link Sender.NewMemberProposal} proposer
   * @param proposals the provenance of every proposal the commit covered, in commit order (§12.4;
   *     not the application order of §12.3). A proposal by value has the committer as proposer
   * @param newGroupContextExtensions the group context extensions of the new epoch if the commit
   *     covered a GroupContextExtensions proposal (§12.1.7), else empty (the extensions are unchanged)
   */
  record CommitApplied(long newEpoch, Sender committer, List<LeafIndex> added, List<LeafIndex> removed,
      List<LeafIndex> updated, boolean selfRemoved, List<AddedMember> addedMembers,
      List<ProposalProvenance> proposals, Optional<List<Extension>> newGroupContextExtensions)
      implements ProcessResult {
    public CommitApplied {
      Objects.requireNonNull(committer, "committer");
      added = List.copyOf(added);
      removed = List.copyOf(removed);
      updated = List.copyOf(updated);
      addedMembers = List.copyOf(addedMembers);
      proposals = List.copyOf(proposals);
      newGroupContextExtensions = newGroupContextExtensions.map(List::copyOf);
    }
  }
}
