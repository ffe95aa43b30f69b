package io.conclave.mls.treemath;

/**
 * Relationships between node indices in the array representation of a full binary tree
 * (RFC 9420 §4.1, Appendix C). Leaves are the even nodes; a node's level is its number of trailing
 * one bits, so a parent {@code 01x} has children {@code 00x} and {@code 10x}.
 *
 * <p>Every method that depends on the size of the tree takes its leaf count, which must be a
 * power of two (RFC 9420 §7.8 keeps trees full). Arguments outside the tree are programming
 * errors and raise {@link IllegalArgumentException}; callers validate wire input before asking.
 */
public final class TreeMath {
  /** The largest leaf count supported: node indices then still fit in an {@code int}. */
  public static final int MAX_LEAVES = 1 << 30;

  private TreeMath() {}

  /** Leaves are level 0, their parents level 1, and so on. */
  public static int level(int node) {
    return Integer.numberOfTrailingZeros(~node);
  }

  public static boolean isLeaf(int node) {
    return (node & 1) == 0;
  }

  /** The number of nodes of a tree with {@code leafCount} leaves ({@code 2n - 1}, 0 for none). */
  public static int nodeWidth(int leafCount) {
    if (leafCount == 0) {
      return 0;
    }
    checkLeafCount(leafCount);
    return 2 * (leafCount - 1) + 1;
  }

  public static int root(int leafCount) {
    checkLeafCount(leafCount);
    return leafCount - 1;
  }

  /** The left child of a parent node. */
  public static int left(int node) {
    int k = level(node);
    if (k == 0) {
      throw new IllegalArgumentException("leaf node " + node + " has no children");
    }
    return node ^ (1 << (k - 1));
  }

  /** The right child of a parent node. */
  public static int right(int node) {
    int k = level(node);
    if (k == 0) {
      throw new IllegalArgumentException("leaf node " + node + " has no children");
    }
    return node ^ (3 << (k - 1));
  }

  /** The parent of a non-root node. */
  public static int parent(int node, int leafCount) {
    checkNode(node, leafCount);
    if (node == root(leafCount)) {
      throw new IllegalArgumentException("the root has no parent");
    }
    int k = level(node);
    // Setting bit k lands on the parent if this node is a left child; a right child must also
    // clear bit k+1, which is set exactly for right children.
    int isRight = (node >>> (k + 1)) & 1;
    return (node | (1 << k)) ^ (isRight << (k + 1));
  }

  /** The other child of a non-root node's parent. */
  public static int sibling(int node, int leafCount) {
    int p = parent(node, leafCount);
    return node < p ? right(p) : left(p);
  }

  /** The ancestors of {@code node}, from its parent up to the root (empty for the root). */
  public static int[] directPath(int node, int leafCount) {
    checkNode(node, leafCount);
    int rootNode = root(leafCount);
    int[] path = new int[level(rootNode) - level(node)];
    int x = node;
    for (int i = 0; i < path.length; i++) {
      x = parent(x, leafCount);
      path[i] = x;
    }
    return path;
  }

  /** The siblings of {@code node} and of each ancestor below the root, from the bottom up. */
  public static int[] copath(int node, int leafCount) {
    int[] path = directPath(node, leafCount);
    int[] copath = new int[path.length];
    int x = node;
    for (int i = 0; i < path.length; i++) {
      copath[i] = sibling(x, leafCount);
      x = path[i];
    }
    return copath;
  }

  /** The lowest node that is {@code a} or {@code b} or an ancestor of both. */
  public static int commonAncestor(int a, int b) {
    if (a < 0 || b < 0) {
      throw new IllegalArgumentException("negative node index");
    }
    // A subtree rooted at level k spans the indices sharing all bits above bit k with its root.
    int la = level(a) + 1;
    int lb = level(b) + 1;
    if (la <= lb && (a >>> lb) == (b >>> lb)) {
      return b;
    }
    if (lb <= la && (a >>> la) == (b >>> la)) {
      return a;
    }
    int k = 0;
    int x = a;
    int y = b;
    while (x != y) {
      x >>>= 1;
      y >>>= 1;
      k++;
    }
    return (x << k) + (1 << (k - 1)) - 1;
  }

  public static int leafToNode(int leaf) {
    return new LeafIndex(leaf).nodeIndex();
  }

  public static int nodeToLeaf(int node) {
    return LeafIndex.ofNode(node).value();
  }

  private static void checkLeafCount(int leafCount) {
    if (leafCount < 1 || leafCount > MAX_LEAVES || Integer.bitCount(leafCount) != 1) {
      throw new IllegalArgumentException("leaf count must be a power of two: " + leafCount);
    }
  }

  private static void checkNode(int node, int leafCount) {
    if (node < 0 || node >= nodeWidth(leafCount)) {
      throw new IllegalArgumentException("node " + node + " outside a tree of " + leafCount + " leaves");
    }
  }
}
