package io.conclave.mls.secrettree;

import io.conclave.mls.Rule;
import io.conclave.mls.DecodeException;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.util.ArrayList;
import java.util.List;

/**
 * An epoch's secret tree (RFC 9420 §9): {@code encryption_secret} at the root, children derived
 * with {@code ExpandWithLabel(parent, "tree", "left"|"right", Nh)}, and at each leaf a handshake
 * and an application {@link SenderRatchet}.
 *
 * <p>Nodes are derived only when a leaf's ratchets are first needed. Deriving a node's children
 * consumes it, so it is destroyed then, and a leaf secret is destroyed once its two ratchets are
 * started (§9.2). {@link #destroy()} wipes everything left at the end of the epoch. Thread-safe.
 */
public final class SecretTree {

  private static final byte[] LEFT = {'l', 'e', 'f', 't'};
  private static final byte[] RIGHT = {'r', 'i', 'g', 'h', 't'};

  private final CipherSuite suite;
  private final int leafCount;
  private final SenderRatchetConfig config;
  private final SecretBytes[] nodeSecrets;
  private final SenderRatchet[] handshake;
  private final SenderRatchet[] application;
  private boolean destroyed;

  /** A tree with the default out-of-order limits; see the four-argument constructor. */
  public SecretTree(CipherSuite suite, SecretBytes encryptionSecret, int leafCount) {
    this(suite, encryptionSecret, leafCount, SenderRatchetConfig.DEFAULT);
  }

  /**
   * A tree over {@code leafCount} leaves (the ratchet tree's leaf count, a power of two). The tree
   * works on its own copy of {@code encryptionSecret}; the caller destroys the original.
   */
  public SecretTree(CipherSuite suite, SecretBytes encryptionSecret, int leafCount, SenderRatchetConfig config) {
    this.suite = suite;
    this.leafCount = leafCount;
    this.config = config;
    this.nodeSecrets = new SecretBytes[TreeMath.nodeWidth(leafCount)];
    this.handshake = new SenderRatchet[leafCount];
    this.application = new SenderRatchet[leafCount];
    nodeSecrets[TreeMath.root(leafCount)] = SecretBytes.copyOf(encryptionSecret.unsafeView());
  }

  public int leafCount() {
    return leafCount;
  }

  /**
   * The {@code type} ratchet of the member at {@code leaf}.
   *
   * @throws ProtocolException {@link #Rule.SENDER_OUTSIDE_TREE} if the leaf is outside the tree
   */
  public SenderRatchet ratchet(LeafIndex leaf, RatchetType type) {
    return ratchet(leaf.value(), type);
  }

  /**
   * The {@code type} ratchet of the member at {@code leafIndex}, as read from a SenderData (a
   * uint32 that may be anything).
   *
   * @throws ProtocolException {@link #Rule.SENDER_OUTSIDE_TREE} if the leaf is outside the tree
   */
  public synchronized SenderRatchet ratchet(long leafIndex, RatchetType type) {
    if (destroyed) {
      throw new IllegalStateException("secret tree was destroyed");
    }
    if (leafIndex < 0 || leafIndex >= leafCount) {
      throw new ProtocolException(Rule.SENDER_OUTSIDE_TREE, "leaf " + leafIndex + " of a tree with " + leafCount + " leaves");
    }
    int i = (int) leafIndex;
    if (handshake[i] == null) {
      startRatchets(i);
    }
    return type == RatchetType.HANDSHAKE ? handshake[i] : application[i];
  }

  /** Destroys every node secret and ratchet still held. */
  public synchronized void destroy() {
    for (int x = 0; x < nodeSecrets.length; x++) {
      if (nodeSecrets[x] != null) {
        nodeSecrets[x].destroy();
        nodeSecrets[x] = null;
      }
    }
    for (int i = 0; i < leafCount; i++) {
      if (handshake[i] != null) {
        handshake[i].destroy();
        application[i].destroy();
      }
    }
    destroyed = true;
  }

  /**
   * Writes the tree's state (node secrets still held, started ratchets) for saving a group; the
   * encoding is secret material.
   */
  public synchronized void encodeState(TlsWriter writer) {
    if (destroyed) {
      throw new IllegalStateException("secret tree was destroyed");
    }
    writer.writeUint32(leafCount);
    List<Integer> held = new ArrayList<>();
    for (int x = 0; x < nodeSecrets.length; x++) {
      if (nodeSecrets[x] != null) {
        held.add(x);
      }
    }
    writer.writeList(held, (w, x) -> w.writeUint32(x).writeOpaque(nodeSecrets[x].unsafeView()));
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < leafCount; i++) {
      if (handshake[i] != null) {
        started.add(i);
      }
    }
    writer.writeList(started, (w, i) -> {
      w.writeUint32(i);
      handshake[i].encodeState(w);
      application[i].encodeState(w);
    });
  }

  /** Restores a tree written by {@link #encodeState}. */
  public static SecretTree decodeState(CipherSuite suite, TlsReader reader, SenderRatchetConfig config) {
    int leafCount = reader.readUint32AsInt(TreeMath.MAX_LEAVES, "leaf count");
    if (leafCount == 0 || Integer.bitCount(leafCount) != 1) {
      throw new DecodeException("secret tree leaf count " + leafCount + " is not a power of two");
    }
    SecretTree tree = new SecretTree(suite, SecretBytes.wrap(new byte[suite.hashLength()]), leafCount, config);
    tree.consume(TreeMath.root(leafCount));
    int width = TreeMath.nodeWidth(leafCount);
    reader.readList(r -> {
      int x = r.readUint32AsInt(width - 1, "node index");
      tree.nodeSecrets[x] = SecretBytes.wrap(r.readOpaque(suite.hashLength(), "node secret"));
      return x;
    });
    reader.readList(r -> {
      int i = r.readUint32AsInt(leafCount - 1, "leaf index");
      tree.handshake[i] = SenderRatchet.decodeState(suite, r, config);
      tree.application[i] = SenderRatchet.decodeState(suite, r, config);
      return i;
    });
    return tree;
  }

  /** Whether the secret of {@code node} is currently held (for checking the deletion schedule). */
  synchronized boolean holdsNodeSecret(int node) {
    return nodeSecrets[node] != null;
  }

  private void startRatchets(int leaf) {
    int target = 2 * leaf;
    int x = lowestHeldAncestor(target);
    while (x != target) {
      int left = TreeMath.left(x);
      int right = TreeMath.right(x);
      byte[] parent = nodeSecrets[x].unsafeView();
      nodeSecrets[left] = SecretBytes.wrap(suite.expandWithLabel(parent, "tree", LEFT, suite.hashLength()));
      nodeSecrets[right] = SecretBytes.wrap(suite.expandWithLabel(parent, "tree", RIGHT, suite.hashLength()));
      consume(x);
      x = target < x ? left : right;
    }
    byte[] leafSecret = nodeSecrets[target].unsafeView();
    handshake[leaf] = new SenderRatchet(suite, SecretBytes.wrap(suite.expandWithLabel(
        leafSecret, RatchetType.HANDSHAKE.label(), new byte[0], suite.hashLength())), config);
    application[leaf] = new SenderRatchet(suite, SecretBytes.wrap(suite.expandWithLabel(
        leafSecret, RatchetType.APPLICATION.label(), new byte[0], suite.hashLength())), config);
    consume(target);
  }

  /** The node itself or its nearest ancestor whose secret is held and not yet consumed. */
  private int lowestHeldAncestor(int node) {
    if (nodeSecrets[node] != null) {
      return node;
    }
    for (int x : TreeMath.directPath(node, leafCount)) {
      if (nodeSecrets[x] != null) {
        return x;
      }
    }
    // Every leaf's path keeps one held node until that leaf's ratchets exist.
    throw new IllegalStateException("no secret left on the path of node " + node);
  }

  private void consume(int node) {
    nodeSecrets[node].destroy();
    nodeSecrets[node] = null;
  }

  @Override
  public String toString() {
    return "SecretTree[" + leafCount + " leaves" + (destroyed ? ", destroyed" : "") + "]";
  }
}
