package io.conclave.mls.tree;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The public ratchet tree of one member (RFC 9420 §4, §7): an array of optional nodes in the layout
 * of Appendix C, always full ({@code 2n - 1} nodes for a power of two {@code n}).
 *
 * <p>Tree hashes (§7.8) are cached per node. Every change invalidates the changed node and its
 * ancestors only, so after a commit touches one direct path the root hash costs {@code O(log n)}
 * hashes, not a walk over the whole tree.
 *
 * <p>Not thread-safe. The group applies a commit to a {@link #copy()} and keeps it only if every
 * check passes, so the mutators make no attempt to roll back.
 */
public final class TreeState {
  private final CipherSuite suite;
  private Node[] nodes;
  private byte[][] hashes;
  private int leafCount;

  private TreeState(CipherSuite suite, Node[] nodes, byte[][] hashes, int leafCount) {
    this.suite = suite;
    this.nodes = nodes;
    this.hashes = hashes;
    this.leafCount = leafCount;
  }

  /** A one-member tree, as created with a new group (§11). */
  public static TreeState withFirstLeaf(CipherSuite suite, LeafNode leaf) {
    TreeState tree = new TreeState(Objects.requireNonNull(suite, "suite"), new Node[1], new byte[1][], 1);
    tree.nodes[0] = new Node.Leaf(leaf);
    return tree;
  }

  /**
   * Imports a tree received in a {@code ratchet_tree} extension or from the delivery service,
   * padding it with blanks to a full tree (§12.4.3.3). Checks the shape and that unmerged leaves are
   * descendants of their parent; everything else is checked by {@link TreeValidator}.
   */
  public static TreeState fromRatchetTree(CipherSuite suite, RatchetTree wire) {
    List<Optional<Node>> list = wire.nodes();
    if (list.isEmpty() || list.getLast().isEmpty()) {
      throw new ProtocolException(Rule.TREE_SHAPE, "the tree is empty or ends with a blank node");
    }
    if (list.size() > TreeMath.nodeWidth(TreeMath.MAX_LEAVES)) {
      throw new ProtocolException(Rule.TREE_SHAPE, "tree too large: " + list.size() + " nodes");
    }
    int leaves = Integer.highestOneBit((list.size() + 1) / 2);
    if (TreeMath.nodeWidth(leaves) < list.size()) {
      leaves <<= 1;
    }
    int width = TreeMath.nodeWidth(leaves);
    Node[] nodes = new Node[width];
    for (int i = 0; i < list.size(); i++) {
      Node node = list.get(i).orElse(null);
      boolean leafPosition = TreeMath.isLeaf(i);
      if (node instanceof Node.Leaf && !leafPosition || node instanceof Node.Parent && leafPosition) {
        throw new ProtocolException(Rule.TREE_SHAPE, "wrong node type at node " + i);
      }
      if (node instanceof Node.Parent p) {
        for (long leaf : p.parentNode().unmergedLeaves()) {
          if (leaf >= leaves || !isInSubtree(2 * (int) leaf, i)) {
            throw new ProtocolException(Rule.UNMERGED_LEAVES,
                "unmerged leaf " + leaf + " is not below node " + i);
          }
        }
      }
      nodes[i] = node;
    }
    return new TreeState(Objects.requireNonNull(suite, "suite"), nodes, new byte[width][], leaves);
  }

  /** The wire form, without trailing blank nodes (§12.4.3.3). */
  public RatchetTree toRatchetTree() {
    int last = lastNonBlank();
    List<Optional<Node>> list = new ArrayList<>(last + 1);
    for (int i = 0; i <= last; i++) {
      list.add(Optional.ofNullable(nodes[i]));
    }
    return new RatchetTree(list);
  }

  /** An independent copy; nodes and cached hashes are immutable and shared. */
  public TreeState copy() {
    return new TreeState(suite, nodes.clone(), hashes.clone(), leafCount);
  }

  public CipherSuite cipherSuite() {
    return suite;
  }

  /** The number of leaves, blank or not: a power of two. */
  public int leafCount() {
    return leafCount;
  }

  public int nodeCount() {
    return nodes.length;
  }

  public int root() {
    return TreeMath.root(leafCount);
  }

  public boolean isBlank(int node) {
    return nodes[node] == null;
  }

  public Optional<Node> node(int node) {
    return Optional.ofNullable(nodes[node]);
  }

  public Optional<LeafNode> leaf(LeafIndex leaf) {
    if (leaf.value() >= leafCount) {
      return Optional.empty();
    }
    return nodes[leaf.nodeIndex()] instanceof Node.Leaf l ? Optional.of(l.leafNode()) : Optional.empty();
  }

  public Optional<ParentNode> parent(int node) {
    return nodes[node] instanceof Node.Parent p ? Optional.of(p.parentNode()) : Optional.empty();
  }

  /** The HPKE public key of a non-blank node. */
  public Optional<byte[]> encryptionKey(int node) {
    return switch (nodes[node]) {
      case null -> Optional.empty();
      case Node.Leaf l -> Optional.of(l.leafNode().encryptionKey());
      case Node.Parent p -> Optional.of(p.parentNode().encryptionKey());
    };
  }

  /** The occupied leaves, left to right. */
  public List<LeafIndex> nonBlankLeaves() {
    List<LeafIndex> out = new ArrayList<>();
    for (int i = 0; i < leafCount; i++) {
      if (nodes[2 * i] != null) {
        out.add(new LeafIndex(i));
      }
    }
    return out;
  }

  // ---- proposals (§12.1) ----

  /**
   * Adds a member (§12.1.1): the leftmost blank leaf, or a new one after extending the tree
   * (§7.7). The leaf becomes unmerged at every non-blank ancestor.
   */
  public LeafIndex addLeaf(LeafNode leaf) {
    int index = 0;
    while (index < leafCount && nodes[2 * index] != null) {
      index++;
    }
    if (index == leafCount) {
      extend();
    }
    LeafIndex added = new LeafIndex(index);
    for (int p : TreeMath.directPath(added.nodeIndex(), leafCount)) {
      if (nodes[p] instanceof Node.Parent parent) {
        ParentNode old = parent.parentNode();
        List<Long> unmerged = new ArrayList<>(old.unmergedLeaves());
        unmerged.add((long) index);
        set(p, new Node.Parent(new ParentNode(old.encryptionKey(), old.parentHash(), unmerged)));
      }
    }
    set(added.nodeIndex(), new Node.Leaf(leaf));
    return added;
  }

  /** Replaces a member's leaf and blanks its direct path (§12.1.2). */
  public void updateLeaf(LeafIndex leaf, LeafNode replacement) {
    requireMember(leaf);
    blankDirectPath(leaf);
    set(leaf.nodeIndex(), new Node.Leaf(replacement));
  }

  /** Blanks a member's leaf and direct path, then truncates the tree (§12.1.3, §7.7). */
  public void removeLeaf(LeafIndex leaf) {
    requireMember(leaf);
    set(leaf.nodeIndex(), null);
    blankDirectPath(leaf);
    truncate();
  }

  /**
   * Merges a committer's new path (§7.5): blanks the direct path of {@code sender}, sets each
   * node of its filtered direct path to the given parent node and the leaf to {@code leaf}.
   *
   * @param pathNodes one per node of {@link #filteredDirectPath}, bottom up
   */
  public void mergePath(LeafIndex sender, LeafNode leaf, List<ParentNode> pathNodes) {
    int[] filtered = filteredDirectPath(sender);
    if (filtered.length != pathNodes.size()) {
      throw new IllegalArgumentException(pathNodes.size() + " path nodes for a filtered path of " + filtered.length);
    }
    blankDirectPath(sender);
    for (int i = 0; i < filtered.length; i++) {
      set(filtered[i], new Node.Parent(pathNodes.get(i)));
    }
    set(sender.nodeIndex(), new Node.Leaf(leaf));
  }

  /**
   * Grows the tree so that {@code leaf} exists, for an external joiner taking a new leaf (§12.4.3.2);
   * a no-op when it already does.
   */
  public void ensureLeaf(LeafIndex leaf) {
    while (leaf.value() >= leafCount) {
      extend();
    }
  }

  private void requireMember(LeafIndex leaf) {
    if (leaf.value() >= leafCount || nodes[leaf.nodeIndex()] == null) {
      throw new ProtocolException(Rule.LEAF_INDEX, "leaf " + leaf.value() + " is blank or outside the tree");
    }
  }

  private void blankDirectPath(LeafIndex leaf) {
    for (int p : TreeMath.directPath(leaf.nodeIndex(), leafCount)) {
      set(p, null);
    }
  }

  private void extend() {
    int width = TreeMath.nodeWidth(leafCount * 2);
    nodes = Arrays.copyOf(nodes, width);
    hashes = Arrays.copyOf(hashes, width);
    leafCount *= 2;
  }

  /** Drops right subtrees with no non-blank node, and with them the root (§7.7). */
  private void truncate() {
    int last = lastNonBlank();
    int leaves = leafCount;
    while (leaves > 1 && last < leaves) {
      leaves /= 2;
    }
    if (leaves != leafCount) {
      int width = TreeMath.nodeWidth(leaves);
      nodes = Arrays.copyOf(nodes, width);
      hashes = Arrays.copyOf(hashes, width);
      leafCount = leaves;
    }
  }

  private int lastNonBlank() {
    int last = nodes.length - 1;
    while (last >= 0 && nodes[last] == null) {
      last--;
    }
    return last;
  }

  private void set(int index, Node node) {
    nodes[index] = node;
    int x = index;
    // A stale node has stale ancestors, so the walk stops at the first one already cleared.
    while (hashes[x] != null) {
      hashes[x] = null;
      if (x == root()) {
        break;
      }
      x = TreeMath.parent(x, leafCount);
    }
  }

  // ---- resolution and paths (§4.1.2) ----

  /** The resolution of a node (§4.1.2) as node indices, unmerged leaves after their parent. */
  public List<Integer> resolution(int node) {
    return resolution(node, Set.of());
  }

  /** The resolution without the given leaves: the members added by the commit being built (§7.6). */
  public List<Integer> resolution(int node, Set<LeafIndex> excluded) {
    List<Integer> out = new ArrayList<>();
    collectResolution(node, excluded, out);
    return out;
  }

  private void collectResolution(int node, Set<LeafIndex> excluded, List<Integer> out) {
    switch (nodes[node]) {
      case null -> {
        if (!TreeMath.isLeaf(node)) {
          collectResolution(TreeMath.left(node), excluded, out);
          collectResolution(TreeMath.right(node), excluded, out);
        }
      }
      case Node.Leaf l -> {
        if (!excluded.contains(LeafIndex.ofNode(node))) {
          out.add(node);
        }
      }
      case Node.Parent p -> {
        out.add(node);
        for (long leaf : p.parentNode().unmergedLeaves()) {
          if (!excluded.contains(new LeafIndex((int) leaf))) {
            out.add(2 * (int) leaf);
          }
        }
      }
    }
  }

  private boolean hasNonEmptyResolution(int node) {
    if (nodes[node] != null) {
      return true;
    }
    return !TreeMath.isLeaf(node)
        && (hasNonEmptyResolution(TreeMath.left(node)) || hasNonEmptyResolution(TreeMath.right(node)));
  }

  /**
   * The filtered direct path of a leaf (§4.1.2): its ancestors whose child on the leaf's copath
   * has a non-empty resolution, bottom up.
   */
  public int[] filteredDirectPath(LeafIndex leaf) {
    int[] direct = TreeMath.directPath(leaf.nodeIndex(), leafCount);
    int[] out = new int[direct.length];
    int n = 0;
    for (int p : direct) {
      if (hasNonEmptyResolution(copathChild(p, leaf))) {
        out[n++] = p;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The child of {@code parent}, an ancestor of {@code leaf}, that is not on the leaf's direct path. */
  public static int copathChild(int parent, LeafIndex leaf) {
    return leaf.nodeIndex() < parent ? TreeMath.right(parent) : TreeMath.left(parent);
  }

  /** Whether {@code node} lies in the subtree rooted at {@code top}. */
  public static boolean isInSubtree(int node, int top) {
    int half = (1 << TreeMath.level(top)) - 1;
    return node >= top - half && node <= top + half;
  }

  // ---- tree hashes (§7.8) ----

  /** The tree hash of the root, as carried in the GroupContext. */
  public byte[] treeHash() {
    return treeHash(root());
  }

  /** The tree hash of the subtree rooted at {@code node}. */
  public byte[] treeHash(int node) {
    return cachedHash(node).clone();
  }

  /** The cached hash itself: callers inside the package never change it. */
  byte[] cachedHash(int node) {
    byte[] h = hashes[node];
    if (h == null) {
      h = TreeMath.isLeaf(node)
          ? leafTreeHash(node, nodes[node])
          : parentTreeHash(nodes[node], cachedHash(TreeMath.left(node)), cachedHash(TreeMath.right(node)));
      hashes[node] = h;
    }
    return h;
  }

  /**
   * The tree hash of a subtree as if the {@code removed} leaves were blank and dropped from every
   * unmerged-leaves list: the {@code original_sibling_tree_hash} of §7.9.
   */
  byte[] treeHashWithout(int node, Set<Integer> removed) {
    if (!anyInSubtree(removed, node)) {
      return cachedHash(node);
    }
    if (TreeMath.isLeaf(node)) {
      return leafTreeHash(node, null);
    }
    Node n = nodes[node];
    if (n instanceof Node.Parent p) {
      ParentNode old = p.parentNode();
      List<Long> kept = old.unmergedLeaves().stream().filter(l -> !removed.contains(l.intValue())).toList();
      n = new Node.Parent(new ParentNode(old.encryptionKey(), old.parentHash(), kept));
    }
    return parentTreeHash(n, treeHashWithout(TreeMath.left(node), removed),
        treeHashWithout(TreeMath.right(node), removed));
  }

  private static boolean anyInSubtree(Set<Integer> leaves, int node) {
    for (int leaf : leaves) {
      if (isInSubtree(2 * leaf, node)) {
        return true;
      }
    }
    return false;
  }

  private byte[] leafTreeHash(int node, Node leaf) {
    TlsWriter w = new TlsWriter();
    w.writeUint8(1).writeUint32(node >>> 1);
    if (leaf instanceof Node.Leaf l) {
      w.writeUint8(1).write(l.leafNode());
    } else {
      w.writeUint8(0);
    }
    return suite.hash(w.toByteArray());
  }

  private byte[] parentTreeHash(Node parent, byte[] left, byte[] right) {
    TlsWriter w = new TlsWriter();
    w.writeUint8(2);
    if (parent instanceof Node.Parent p) {
      w.writeUint8(1).write(p.parentNode());
    } else {
      w.writeUint8(0);
    }
    w.writeOpaque(left).writeOpaque(right);
    return suite.hash(w.toByteArray());
  }
}
