package io.conclave.mls.group.commit;

import io.conclave.mls.framing.Sender;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.treemath.LeafIndex;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a commit, not yet installed: the new epoch (absent when this member is removed
 * by the commit and cannot follow), what changed, and whether it carried a ReInit (§12.1.5).
 */
public record NextEpoch(Optional<EpochState> state, long epoch, Sender committer, List<LeafIndex> added,
    List<LeafIndex> removed, List<LeafIndex> updated, boolean reinit) {

  public NextEpoch {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(committer, "committer");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    updated = List.copyOf(updated);
  }

  public boolean selfRemoved() {
    return state.isEmpty();
  }
}
