package io.conclave.mls.tree;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parent hashes (RFC 9420 §7.9): computing them for a new path and verifying that every parent
 * node of a tree chains down to a leaf that signed it (§7.9.2).
 */
public final class ParentHashes {
  private ParentHashes() {}

  /** {@code Hash(ParentHashInput)} of a parent node P whose copath child has the given tree hash. */
  static byte[] parentHashOf(CipherSuite suite, byte[] encryptionKey, byte[] parentHashField,
      byte[] originalSiblingTreeHash) {
    TlsWriter w = new TlsWriter();
    w.writeOpaque(encryptionKey).writeOpaque(parentHashField).writeOpaque(originalSiblingTreeHash);
    return suite.hash(w.toByteArray());
  }

  /**
   * The {@code parent_hash} fields of a path about to be merged (§7.9): entry {@code i} belongs to
   * node {@code filtered[i]} of the sender's filtered direct path, the last entry to the sender's
   * new leaf. Computed from the root down; the topmost node's field is empty.
   *
   * <p>Only the copath subtrees enter the hashes, and merging the path leaves them unchanged, so
   * this runs on the tree before the merge.
   *
   * @param publicKeys the new public key of each node of {@code filtered}
   */
  public static byte[][] forPath(TreeState tree, LeafIndex sender, int[] filtered, List<byte[]> publicKeys) {
    if (publicKeys.size() != filtered.length) {
      throw new IllegalArgumentException(publicKeys.size() + " keys for " + filtered.length + " nodes");
    }
    byte[][] fields = new byte[filtered.length + 1][];
    byte[] above = new byte[0];
    for (int i = filtered.length - 1; i >= 0; i--) {
      fields[i] = above;
      byte[] siblingHash = tree.cachedHash(TreeState.copathChild(filtered[i], sender));
      above = parentHashOf(tree.cipherSuite(), publicKeys.get(i), fields[i], siblingHash);
    }
    fields[filtered.length] = above;
    return fields;
  }

  /**
   * Checks that every non-blank parent node is parent-hash valid (§7.9.2), top down: exactly one
   * node in the resolution of one of its children has a {@code parent_hash} equal to the parent's
   * hash with the other child as sibling, and the rest of that resolution is exactly the parent's
   * unmerged leaves below that child.
   *
   * @throws ProtocolException with rule {@link Rule#PARENT_HASH}
   */
  public static void verifyTree(TreeState tree) {
    for (int node = 1; node < tree.nodeCount(); node += 2) {
      int p = node;
      tree.parent(p).ifPresent(parent -> {
        if (validChildren(tree, p, parent) != 1) {
          throw new ProtocolException(Rule.PARENT_HASH, "parent node " + p + " is not parent-hash valid");
        }
      });
    }
  }

  private static int validChildren(TreeState tree, int p, ParentNode parent) {
    Set<Integer> unmerged = new HashSet<>();
    for (long leaf : parent.unmergedLeaves()) {
      unmerged.add((int) leaf);
    }
    int valid = 0;
    int[] children = {TreeMath.left(p), TreeMath.right(p)};
    for (int side = 0; side < 2; side++) {
      int child = children[side];
      int sibling = children[1 - side];
      byte[] expected = parentHashOf(tree.cipherSuite(), parent.encryptionKey(), parent.parentHash(),
          tree.treeHashWithout(sibling, unmerged));
      Integer signer = chainCandidate(tree, child, unmerged);
      if (signer != null && MessageDigest.isEqual(expected, parentHashField(tree, signer))) {
        valid++;
      }
    }
    return valid;
  }

  /**
   * The node D of §7.9.2 for one child C: the resolution of C must be D plus exactly the parent's
   * unmerged leaves below C. Null if no node qualifies.
   */
  private static Integer chainCandidate(TreeState tree, int child, Set<Integer> unmerged) {
    List<Integer> resolution = tree.resolution(child);
    int unmergedBelow = 0;
    for (int leaf : unmerged) {
      if (TreeState.isInSubtree(2 * leaf, child)) {
        unmergedBelow++;
      }
    }
    if (resolution.size() != unmergedBelow + 1) {
      return null;
    }
    Integer candidate = null;
    int matched = 0;
    for (int n : resolution) {
      if (TreeMath.isLeaf(n) && unmerged.contains(n >>> 1)) {
        matched++;
      } else {
        candidate = n;
      }
    }
    return matched == unmergedBelow ? candidate : null;
  }

  private static byte[] parentHashField(TreeState tree, int node) {
    return switch (tree.node(node).orElseThrow()) {
      case Node.Parent p -> p.parentNode().parentHash();
      case Node.Leaf l -> l.leafNode().source() instanceof LeafNodeSource.FromCommit c ? c.parentHash() : null;
    };
  }
}
