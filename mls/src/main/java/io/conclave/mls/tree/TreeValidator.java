package io.conclave.mls.tree;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validation of a whole ratchet tree when joining a group (RFC 9420 §12.4.3.1): tree hash, parent
 * hashes, every leaf, unmerged-leaf bookkeeping and key uniqueness. Runs in about {@code O(n log n)}
 * hashes and signature checks for {@code n} leaves.
 */
public final class TreeValidator {
  private TreeValidator() {}

  /**
   * @param expectedTreeHash the {@code tree_hash} of the GroupInfo's GroupContext
   * @throws ProtocolException naming the first rule (from {@link io.conclave.mls.Rule}) the tree breaks
   */
  public static void validate(TreeState tree, byte[] expectedTreeHash, byte[] groupId,
      List<Extension> groupContextExtensions, LeafNodeValidator leafValidator) {
    if (!MessageDigest.isEqual(tree.treeHash(), expectedTreeHash)) {
      throw new ProtocolException(Rule.TREE_HASH, "tree hash does not match the group context");
    }
    verifyHpkeKeys(tree, leafValidator);
    ParentHashes.verifyTree(tree);
    verifyUnmergedLeaves(tree);
    LeafNodeValidator.verifyUniqueKeys(tree);
    verifyLeaves(tree, groupId, groupContextExtensions, leafValidator);
  }

  /** §5.1.3: every encryption key in the tree, of leaves and parents, is a valid HPKE public key. */
  static void verifyHpkeKeys(TreeState tree, LeafNodeValidator leafValidator) {
    for (int n = 0; n < tree.nodeCount(); n++) {
      int node = n;
      tree.encryptionKey(n).ifPresent(key -> leafValidator.verifyHpkeKey(key, "encryption key of node " + node));
    }
  }

  /**
   * Signature and capabilities of every leaf, and that every member supports every credential
   * type in use. Lifetimes are not checked here: §7.3 only recommends it for received trees, and a
   * member added long ago keeps its key-package leaf until it next commits or updates.
   */
  static void verifyLeaves(TreeState tree, byte[] groupId, List<Extension> groupContextExtensions,
      LeafNodeValidator leafValidator) {
    Set<Integer> credentialTypes = new HashSet<>();
    List<LeafIndex> members = tree.nonBlankLeaves();
    for (LeafIndex index : members) {
      LeafNode leaf = tree.leaf(index).orElseThrow();
      leafValidator.verifySignature(leaf, groupId, index);
      leafValidator.verifyOwnCapabilities(leaf);
      leafValidator.verifyRequiredCapabilities(leaf, groupContextExtensions);
      credentialTypes.add(leaf.credential().credentialType());
    }
    for (LeafIndex index : members) {
      List<Integer> supported = tree.leaf(index).orElseThrow().capabilities().credentials();
      for (int type : credentialTypes) {
        if (!supported.contains(type)) {
          throw new ProtocolException(Rule.CREDENTIAL_TYPES,
              "member " + index.value() + " does not support credential type " + type + " in use");
        }
      }
    }
  }

  /**
   * §7.1: each parent's unmerged leaves are sorted in increasing order (and so listed once).
   * §12.4.3.1: each unmerged leaf of a parent is a non-blank descendant, and every non-blank node
   * strictly between the leaf and that parent lists it too. Nodes above the parent need not.
   */
  static void verifyUnmergedLeaves(TreeState tree) {
    for (int p = 1; p < tree.nodeCount(); p += 2) {
      ParentNode parent = tree.parent(p).orElse(null);
      if (parent == null) {
        continue;
      }
      long previous = -1;
      for (long unmerged : parent.unmergedLeaves()) {
        if (unmerged <= previous) {
          throw new ProtocolException(Rule.UNMERGED_LEAVES,
              "unmerged leaves of node " + p + " are not in strictly increasing order (§7.1)");
        }
        previous = unmerged;
        int leafNode = 2 * (int) unmerged;
        if (leafNode >= tree.nodeCount() || tree.isBlank(leafNode) || !TreeState.isInSubtree(leafNode, p)) {
          throw new ProtocolException(Rule.UNMERGED_LEAVES,
              "unmerged leaf " + unmerged + " of node " + p + " is blank or not below it");
        }
        for (int x = TreeMath.parent(leafNode, tree.leafCount()); x != p; x = TreeMath.parent(x, tree.leafCount())) {
          ParentNode between = tree.parent(x).orElse(null);
          if (between != null && !between.unmergedLeaves().contains(unmerged)) {
            throw new ProtocolException(Rule.UNMERGED_LEAVES,
                "node " + x + " between leaf " + unmerged + " and node " + p + " does not list it as unmerged");
          }
        }
      }
    }
  }
}
