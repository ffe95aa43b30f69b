package io.conclave.mls.group;

import io.conclave.mls.codec.WireValues;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.treemath.LeafIndex;
import java.util.List;
import java.util.Objects;

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
   * A commit took the group to {@code newEpoch} (RFC 9420 §12.4.2). When {@code selfRemoved} is
   * true this member was removed: the group can no longer send, and keeps only the previous epoch
   * for late application messages.
   */
  record CommitApplied(long newEpoch, Sender committer, List<LeafIndex> added, List<LeafIndex> removed,
      List<LeafIndex> updated, boolean selfRemoved) implements ProcessResult {
    public CommitApplied {
      Objects.requireNonNull(committer, "committer");
      added = List.copyOf(added);
      removed = List.copyOf(removed);
      updated = List.copyOf(updated);
    }
  }
}
