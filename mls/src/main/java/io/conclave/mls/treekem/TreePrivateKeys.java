package io.conclave.mls.treekem;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One member's private view of the ratchet tree (RFC 9420 §4.2): its leaf index and the HPKE key
 * pairs it holds, for its leaf and for the ancestors whose path secret it learned. By the tree
 * invariant these all lie on its own direct path.
 *
 * <p>Each key pair is stored with the public key it belongs to, so keys that the public tree no
 * longer holds (blanked or replaced by a commit) are found and destroyed by {@link #forgetStale}.
 * Not thread-safe.
 */
public final class TreePrivateKeys {
  private final CipherSuite suite;
  private final LeafIndex leaf;
  private final Map<Integer, HpkeKeyPair> keys = new TreeMap<>();

  /** A view holding only the member's own leaf key pair. */
  public TreePrivateKeys(CipherSuite suite, LeafIndex leaf, HpkeKeyPair leafKeys) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.leaf = Objects.requireNonNull(leaf, "leaf");
    keys.put(leaf.nodeIndex(), Objects.requireNonNull(leafKeys, "leafKeys"));
  }

  public LeafIndex leafIndex() {
    return leaf;
  }

  /**
   * Restores a view saved from {@link #nodes()} and {@link #keyPair(int)}, e.g. with a group's
   * state; {@code pairs} must hold the leaf's key pair.
   */
  public static TreePrivateKeys restore(CipherSuite suite, LeafIndex leaf, Map<Integer, HpkeKeyPair> pairs) {
    TreePrivateKeys keys = new TreePrivateKeys(suite, leaf,
        Objects.requireNonNull(pairs.get(leaf.nodeIndex()), "the leaf's key pair"));
    pairs.forEach(keys::put);
    return keys;
  }

  /** The key pair held for {@code node}, if any. */
  public Optional<HpkeKeyPair> keyPair(int node) {
    return Optional.ofNullable(keys.get(node));
  }

  /** The nodes this member holds private keys for, ascending. */
  public List<Integer> nodes() {
    return List.copyOf(keys.keySet());
  }

  /**
   * Sets the key pair of {@code node} from its path secret, checking it against the public key the
   * tree holds there (§7.4). The path secret stays the caller's.
   *
   * @throws ProtocolException ({@link Rule#PATH_KEYS}) if the node is blank or holds another key
   */
  public void setPathSecret(TreeState tree, int node, SecretBytes pathSecret) {
    HpkeKeyPair derived = PathSecrets.nodeKeyPair(suite, pathSecret);
    byte[] expected = tree.encryptionKey(node).orElse(null);
    if (!MessageDigest.isEqual(derived.publicKey(), expected)) {
      derived.privateKey().destroy();
      throw new ProtocolException(Rule.PATH_KEYS, "path secret does not match the public key of node " + node);
    }
    put(node, derived);
  }

  /**
   * Installs the path secret a Welcome carries (§12.4.3.1): the key of {@code node}, the lowest
   * common ancestor with the committer, and of every non-blank ancestor above it, each from the
   * next secret in the chain.
   */
  public void implantPathSecret(TreeState tree, int node, SecretBytes pathSecret) {
    SecretBytes secret = SecretBytes.copyOf(pathSecret.unsafeView());
    int x = node;
    while (true) {
      if (!tree.isBlank(x)) {
        setPathSecret(tree, x, secret);
        SecretBytes next = PathSecrets.next(suite, secret);
        secret.destroy();
        secret = next;
      }
      if (x == tree.root()) {
        break;
      }
      x = TreeMath.parent(x, tree.leafCount());
    }
    secret.destroy();
  }

  /**
   * Takes the key pairs a processed UpdatePath yields, after destroying those the merged tree no
   * longer holds, and destroys the decrypted path secret, which is no longer needed (§7.5). The
   * commit secret stays with the caller.
   */
  public void apply(TreeState mergedTree, PathDecryption decryption) {
    forgetStale(mergedTree);
    decryption.keyPairs().forEach(this::put);
    decryption.pathSecret().destroy();
  }

  /** Destroys every key pair whose node is now blank, outside the tree, or holds another public key. */
  public void forgetStale(TreeState tree) {
    Iterator<Map.Entry<Integer, HpkeKeyPair>> it = keys.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Integer, HpkeKeyPair> e = it.next();
      int node = e.getKey();
      byte[] current = node < tree.nodeCount() ? tree.encryptionKey(node).orElse(null) : null;
      if (!MessageDigest.isEqual(current, e.getValue().publicKey())) {
        e.getValue().privateKey().destroy();
        it.remove();
      }
    }
  }

  /**
   * Destroys every private key except the leaf's, e.g. the path keys a failed join derived: the
   * leaf key pair was handed in by the caller (a KeyPackage bundle), who owns it.
   */
  public void destroyAllButLeaf() {
    int leafNode = leaf.nodeIndex();
    keys.entrySet().removeIf(e -> {
      if (e.getKey() == leafNode) {
        return false;
      }
      e.getValue().privateKey().destroy();
      return true;
    });
  }

  /** Destroys every private key, e.g. when the member leaves the group. */
  public void destroy() {
    keys.values().forEach(k -> k.privateKey().destroy());
    keys.clear();
  }

  /** Installs a key pair derived by this package, e.g. for the committer's own new path. */
  void setKeyPair(int node, HpkeKeyPair pair) {
    put(node, pair);
  }

  private void put(int node, HpkeKeyPair pair) {
    HpkeKeyPair old = keys.put(node, pair);
    if (old != null && old != pair) {
      old.privateKey().destroy();
    }
  }

  @Override
  public String toString() {
    return "TreePrivateKeys[leaf " + leaf.value() + ", nodes " + keys.keySet() + "]";
  }
}
