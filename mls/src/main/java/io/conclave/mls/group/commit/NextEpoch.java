package io.conclave.mls.group.commit;

import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.group.AddedMember;
import io.conclave.mls.group.ProposalProvenance;
import io.conclave.mls.group.proposals.ProposalApplication;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.treemath.LeafIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a commit, not yet installed: the new epoch (absent when this member is removed
 * by the commit and cannot follow), what changed and who proposed it, and whether it carried a
 * ReInit (§12.1.5).
 */
public record NextEpoch(Optional<EpochState> state, long epoch, Sender committer, List<LeafIndex> added,
    List<LeafIndex> removed, List<LeafIndex> updated, boolean reinit, List<AddedMember> addedMembers,
    List<ProposalProvenance> proposals, Optional<List<Extension>> newGroupContextExtensions) {

  public NextEpoch {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(committer, "committer");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    updated = List.copyOf(updated);
    addedMembers = List.copyOf(addedMembers);
    proposals = List.copyOf(proposals);
    Objects.requireNonNull(newGroupContextExtensions, "newGroupContextExtensions");
  }

  /** The outcome of a commit from {@code committer} whose proposals {@code applied} describes. */
  public static NextEpoch of(Optional<EpochState> state, long epoch, Sender committer, ProposalApplication applied) {
    return new NextEpoch(state, epoch, committer, applied.added(), applied.removed(),
        new ArrayList<>(applied.updated().keySet()), applied.reinit(), applied.addedMembers(), applied.provenance(),
        applied.newGroupContextExtensions());
  }

  public boolean selfRemoved() {
    return state.isEmpty();
  }
}
