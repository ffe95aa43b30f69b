package io.conclave.mls.group;

import io.conclave.mls.extension.Extension;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.treemath.LeafIndex;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to join by external commit (RFC 9420 §12.4.3.2) beyond the GroupInfo and identity.
 *
 * @param ratchetTree the tree, needed only if the GroupInfo lacks the {@code ratchet_tree} extension
 * @param resyncRemove this client's old leaf, to replace it in the same commit (resync)
 * @param capabilities the new leaf's capabilities (§7.2); empty means the suite's defaults. They
 *     must list every non-default GroupContext extension type of the group (§12.1.7), or the join fails
 * @param leafExtensions the new leaf's extensions; their types must be in {@code capabilities}
 */
public record ExternalJoinOptions(Optional<RatchetTree> ratchetTree, Optional<LeafIndex> resyncRemove,
    Optional<Capabilities> capabilities, List<Extension> leafExtensions) {
  /** Tree from the GroupInfo, no resync, default capabilities, no leaf extensions. */
  public static final ExternalJoinOptions DEFAULT =
      new ExternalJoinOptions(Optional.empty(), Optional.empty(), Optional.empty(), List.of());

  public ExternalJoinOptions {
    Objects.requireNonNull(ratchetTree, "ratchetTree");
    Objects.requireNonNull(resyncRemove, "resyncRemove");
    Objects.requireNonNull(capabilities, "capabilities");
    leafExtensions = List.copyOf(leafExtensions);
  }

  public ExternalJoinOptions withRatchetTree(RatchetTree tree) {
    return new ExternalJoinOptions(Optional.of(tree), resyncRemove, capabilities, leafExtensions);
  }

  public ExternalJoinOptions withResyncRemove(LeafIndex oldLeaf) {
    return new ExternalJoinOptions(ratchetTree, Optional.of(oldLeaf), capabilities, leafExtensions);
  }

  /** The new leaf's capabilities and extensions (RFC 9420 §7.2). */
  public ExternalJoinOptions withLeaf(Capabilities leafCapabilities, List<Extension> extensions) {
    return new ExternalJoinOptions(ratchetTree, resyncRemove, Optional.of(leafCapabilities), extensions);
  }
}
