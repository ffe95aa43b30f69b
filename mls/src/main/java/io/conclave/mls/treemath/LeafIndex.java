package io.conclave.mls.treemath;

/**
 * The position of a member's leaf among the leaves of a tree (RFC 9420 §4.1, {@code LeafIndex}
 * in §6.3.2 and §12.4.3.1). Leaf {@code i} is node {@code 2i} of the array representation.
 */
public record LeafIndex(int value) {

  public LeafIndex {
    if (value < 0 || value > TreeMath.MAX_LEAVES - 1) {
      throw new IllegalArgumentException("leaf index out of range: " + value);
    }
  }

  /** The node index of this leaf in the array representation (Appendix C). */
  public int nodeIndex() {
    return 2 * value;
  }

  /** The leaf at node {@code node}, which must be a leaf node (even index). */
  public static LeafIndex ofNode(int node) {
    if (node < 0 || !TreeMath.isLeaf(node)) {
      throw new IllegalArgumentException("node " + node + " is not a leaf");
    }
    return new LeafIndex(node >>> 1);
  }
}
