package io.conclave.mls.treekem;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeCiphertext;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.messages.UpdatePathNode;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.ParentHashes;
import io.conclave.mls.tree.ParentNode;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creating, merging and decrypting UpdatePaths (RFC 9420 §7.4–§7.6). Work per commit is
 * proportional to the path length plus the number of recipients, with one {@code O(n)} pass for
 * the key-uniqueness check.
 */
public final class TreeKem {
  private TreeKem() {}

  /**
   * Builds the committer's new path and merges it into {@code tree} (§7.4, §7.5): a fresh leaf key,
   * path secrets and node keys up the filtered direct path, parent hashes, and the new leaf signed
   * with source {@code commit}. Call {@link PreparedUpdatePath#encrypt} with the provisional
   * GroupContext next.
   *
   * @param tree the tree after the commit's proposals; an external joiner's leaf must exist
   *     ({@link TreeState#ensureLeaf})
   * @param template the leaf whose signature key, credential, capabilities and extensions the new
   *     leaf keeps, usually the committer's current leaf
   * @param signaturePrivateKey the private key for {@code template.signatureKey()}
   * @param newMembers leaves added by this commit, which get no ciphertexts (§7.6)
   */
  public static PreparedUpdatePath createUpdatePath(TreeState tree, LeafIndex sender, LeafNode template,
      SecretBytes signaturePrivateKey, byte[] groupId, Set<LeafIndex> newMembers) {
    CipherSuite suite = tree.cipherSuite();
    int[] filtered = tree.filteredDirectPath(sender);
    HpkeKeyPair leafKeys = suite.generateHpkeKeyPair();
    TreePrivateKeys privateKeys = new TreePrivateKeys(suite, sender, leafKeys);

    List<SecretBytes> secrets = new ArrayList<>(filtered.length);
    List<HpkeKeyPair> nodeKeys = new ArrayList<>(filtered.length);
    List<byte[]> publicKeys = new ArrayList<>(filtered.length);
    SecretBytes secret = PathSecrets.random(suite);
    for (int i = 0; i < filtered.length; i++) {
      secrets.add(secret);
      HpkeKeyPair pair = PathSecrets.nodeKeyPair(suite, secret);
      nodeKeys.add(pair);
      publicKeys.add(pair.publicKey());
      secret = PathSecrets.next(suite, secret);
    }
    SecretBytes commitSecret = secret;

    byte[][] parentHashes = ParentHashes.forPath(tree, sender, filtered, publicKeys);
    LeafNode unsigned = new LeafNode(leafKeys.publicKey(), template.signatureKey(), template.credential(),
        template.capabilities(), new LeafNodeSource.FromCommit(parentHashes[filtered.length]),
        template.extensions(), new byte[0]);
    byte[] signature = suite.signWithLabel(signaturePrivateKey, "LeafNodeTBS",
        unsigned.toBeSigned(groupId, sender.value()));
    LeafNode leaf = new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), unsigned.credential(),
        unsigned.capabilities(), unsigned.source(), unsigned.extensions(), signature);

    List<List<byte[]>> recipients = new ArrayList<>(filtered.length);
    for (int node : filtered) {
      List<byte[]> keys = new ArrayList<>();
      for (int r : tree.resolution(TreeState.copathChild(node, sender), newMembers)) {
        keys.add(tree.encryptionKey(r).orElseThrow());
      }
      recipients.add(keys);
    }

    tree.mergePath(sender, leaf, pathNodes(publicKeys, parentHashes));
    for (int i = 0; i < filtered.length; i++) {
      privateKeys.setKeyPair(filtered[i], nodeKeys.get(i));
    }
    return new PreparedUpdatePath(suite, sender, leaf, filtered, publicKeys, secrets, recipients,
        commitSecret, privateKeys);
  }

  /**
   * Merges a received UpdatePath into {@code tree} (§7.5, §12.4.2): checks its shape, that the leaf
   * comes from a commit, that no new public key is already in the tree, and that the leaf's
   * parent hash matches the recomputed chain. Leaf validation (§7.3: signature, capabilities) is
   * the caller's, with {@link io.conclave.mls.tree.LeafNodeValidator}.
   *
   * <p>All checks run before the tree is changed, except that the tree grows to hold an external
   * joiner's new leaf (§12.4.3.2).
   *
   * @param tree the tree after the commit's proposals
   */
  public static void mergeUpdatePath(TreeState tree, LeafIndex sender, UpdatePath path) {
    tree.ensureLeaf(sender);
    int[] filtered = tree.filteredDirectPath(sender);
    if (path.nodes().size() != filtered.length) {
      throw new ProtocolException(Rule.UPDATE_PATH_SHAPE,
          path.nodes().size() + " path nodes for a filtered direct path of " + filtered.length);
    }
    LeafNode leaf = path.leafNode();
    if (!(leaf.source() instanceof LeafNodeSource.FromCommit(byte[] leafParentHash))) {
      throw new ProtocolException(Rule.LEAF_SOURCE, "an UpdatePath leaf must have source commit");
    }
    List<byte[]> publicKeys = new ArrayList<>(filtered.length);
    for (UpdatePathNode node : path.nodes()) {
      publicKeys.add(node.encryptionKey());
    }
    requireFreshKeys(tree, leaf.encryptionKey(), publicKeys);
    byte[][] parentHashes = ParentHashes.forPath(tree, sender, filtered, publicKeys);
    if (!MessageDigest.isEqual(parentHashes[filtered.length], leafParentHash)) {
      throw new ProtocolException(Rule.PARENT_HASH, "the committer's leaf has the wrong parent hash");
    }
    tree.mergePath(sender, leaf, pathNodes(publicKeys, parentHashes));
  }

  /**
   * Decrypts the path secret meant for this member from a merged UpdatePath and derives the keys
   * above it and the {@code commit_secret} (§7.5). Leaves {@code keys} unchanged; install the result
   * with {@link TreePrivateKeys#apply} once the commit is accepted.
   *
   * @param mergedTree the tree after {@link #mergeUpdatePath}
   * @param provisional the new epoch's GroupContext, with the merged tree's hash
   * @param newMembers leaves added by this commit (§7.6)
   * @throws ProtocolException if the path does not fit the tree or derived keys do not match it
   * @throws io.conclave.mls.CryptoException if decryption fails
   */
  public static PathDecryption decryptUpdatePath(TreeState mergedTree, TreePrivateKeys keys, LeafIndex sender,
      UpdatePath path, GroupContext provisional, Set<LeafIndex> newMembers) {
    LeafIndex me = keys.leafIndex();
    if (me.equals(sender)) {
      throw new IllegalArgumentException("a committer does not decrypt its own path");
    }
    CipherSuite suite = mergedTree.cipherSuite();
    int[] filtered = mergedTree.filteredDirectPath(sender);
    if (path.nodes().size() != filtered.length) {
      throw new ProtocolException(Rule.UPDATE_PATH_SHAPE, "path does not match the filtered direct path");
    }
    int level = lowestCommonLevel(filtered, sender, me);
    List<Integer> resolution = mergedTree.resolution(TreeState.copathChild(filtered[level], sender), newMembers);
    List<HpkeCiphertext> ciphertexts = path.nodes().get(level).encryptedPathSecret();
    if (ciphertexts.size() != resolution.size()) {
      throw new ProtocolException(Rule.UPDATE_PATH_SHAPE,
          ciphertexts.size() + " ciphertexts for a resolution of " + resolution.size());
    }
    int slot = -1;
    for (int i = 0; i < resolution.size() && slot < 0; i++) {
      int node = resolution.get(i);
      if (keys.keyPair(node).filter(k -> MessageDigest.isEqual(k.publicKey(),
          mergedTree.encryptionKey(node).orElse(null))).isPresent()) {
        slot = i;
      }
    }
    if (slot < 0) {
      throw new ProtocolException(Rule.UPDATE_PATH_SHAPE, "no private key for the resolution of node "
          + filtered[level]);
    }
    HpkeKeyPair decryptor = keys.keyPair(resolution.get(slot)).orElseThrow();
    SecretBytes pathSecret = SecretBytes.wrap(suite.decryptWithLabel(decryptor.privateKey(), "UpdatePathNode",
        provisional.toBytes(), ciphertexts.get(slot)));
    if (pathSecret.length() != suite.hashLength()) {
      pathSecret.destroy();
      throw new ProtocolException(Rule.UPDATE_PATH_SHAPE, "path secret has the wrong length");
    }
    return deriveUpward(mergedTree, filtered, level, pathSecret);
  }

  private static PathDecryption deriveUpward(TreeState tree, int[] filtered, int level, SecretBytes pathSecret) {
    CipherSuite suite = tree.cipherSuite();
    Map<Integer, HpkeKeyPair> derived = new HashMap<>();
    SecretBytes secret = SecretBytes.copyOf(pathSecret.unsafeView());
    for (int i = level; i < filtered.length; i++) {
      HpkeKeyPair pair = PathSecrets.nodeKeyPair(suite, secret);
      derived.put(filtered[i], pair);
      if (!MessageDigest.isEqual(pair.publicKey(), tree.encryptionKey(filtered[i]).orElse(null))) {
        secret.destroy();
        pathSecret.destroy();
        derived.values().forEach(k -> k.privateKey().destroy());
        throw new ProtocolException(Rule.PATH_KEYS, "derived key of node " + filtered[i]
            + " does not match the UpdatePath");
      }
      SecretBytes next = PathSecrets.next(suite, secret);
      secret.destroy();
      secret = next;
    }
    return new PathDecryption(filtered[level], pathSecret, derived, secret);
  }

  /** The position in the filtered direct path of the lowest ancestor whose copath side holds {@code me}. */
  private static int lowestCommonLevel(int[] filtered, LeafIndex sender, LeafIndex me) {
    for (int i = 0; i < filtered.length; i++) {
      if (TreeState.isInSubtree(me.nodeIndex(), TreeState.copathChild(filtered[i], sender))) {
        return i;
      }
    }
    throw new ProtocolException(Rule.UPDATE_PATH_SHAPE, "leaf " + me.value()
        + " is below no node of the committer's filtered direct path");
  }

  private static void requireFreshKeys(TreeState tree, byte[] leafKey, List<byte[]> pathKeys) {
    Set<ByteBuffer> inTree = new HashSet<>();
    for (int n = 0; n < tree.nodeCount(); n++) {
      tree.encryptionKey(n).ifPresent(k -> inTree.add(ByteBuffer.wrap(k)));
    }
    Set<ByteBuffer> seen = new HashSet<>();
    List<byte[]> all = new ArrayList<>(pathKeys);
    all.add(leafKey);
    for (byte[] key : all) {
      ByteBuffer k = ByteBuffer.wrap(key);
      if (inTree.contains(k) || !seen.add(k)) {
        throw new ProtocolException(Rule.UNIQUE_ENCRYPTION_KEY, "an UpdatePath key is already in use");
      }
    }
  }

  private static List<ParentNode> pathNodes(List<byte[]> publicKeys, byte[][] parentHashes) {
    List<ParentNode> nodes = new ArrayList<>(publicKeys.size());
    for (int i = 0; i < publicKeys.size(); i++) {
      nodes.add(new ParentNode(publicKeys.get(i), parentHashes[i], List.of()));
    }
    return nodes;
  }
}
