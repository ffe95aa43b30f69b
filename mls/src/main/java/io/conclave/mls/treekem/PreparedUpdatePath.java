package io.conclave.mls.treekem;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeCiphertext;
import io.conclave.mls.crypto.ParallelEncryption;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.messages.UpdatePathNode;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A committer's new path, already merged into its tree (RFC 9420 §7.5), waiting for the provisional
 * GroupContext, whose tree hash covers the merged path, to be {@linkplain #encrypt encrypted} to the
 * group (§7.6).
 *
 * <p>Holds the path secrets until {@link #destroy()}: they are needed for {@link #encrypt} and for
 * the Welcome's {@code path_secret} ({@link #pathSecretFor}). The new {@link #privateKeys()} replace
 * the committer's old view once the commit is accepted; if it is abandoned, destroy them too.
 */
public final class PreparedUpdatePath {
  private final CipherSuite suite;
  private final LeafIndex sender;
  private final LeafNode leafNode;
  private final int[] filteredPath;
  private final List<byte[]> publicKeys;
  private final List<SecretBytes> pathSecrets;
  private final List<List<byte[]>> recipients;
  private final SecretBytes commitSecret;
  private final TreePrivateKeys privateKeys;

  PreparedUpdatePath(CipherSuite suite, LeafIndex sender, LeafNode leafNode, int[] filteredPath,
      List<byte[]> publicKeys, List<SecretBytes> pathSecrets, List<List<byte[]>> recipients,
      SecretBytes commitSecret, TreePrivateKeys privateKeys) {
    this.suite = suite;
    this.sender = sender;
    this.leafNode = leafNode;
    this.filteredPath = filteredPath.clone();
    this.publicKeys = List.copyOf(publicKeys);
    this.pathSecrets = List.copyOf(pathSecrets);
    this.recipients = List.copyOf(recipients);
    this.commitSecret = commitSecret;
    this.privateKeys = privateKeys;
  }

  /** The committer's new leaf, source {@code commit}, signed. */
  public LeafNode leafNode() {
    return leafNode;
  }

  /** The {@code commit_secret} for the key schedule (§8). */
  public SecretBytes commitSecret() {
    return commitSecret;
  }

  /** The committer's private view after the commit: its new leaf key and the keys of its path. */
  public TreePrivateKeys privateKeys() {
    return privateKeys;
  }

  /**
   * Encrypts each path secret to the resolution of its copath child, minus the members added by
   * this commit (§7.6): {@code EncryptWithLabel(key, "UpdatePathNode", group_context, path_secret)}.
   *
   * @param provisional the GroupContext of the new epoch, with the tree hash of the merged tree
   */
  public UpdatePath encrypt(GroupContext provisional) {
    byte[] context = provisional.toBytes();
    // One work item per (path node, recipient key), sealed on all cores (ParallelEncryption).
    int total = 0;
    int[] firstItem = new int[filteredPath.length + 1];
    for (int i = 0; i < filteredPath.length; i++) {
      firstItem[i] = total;
      total += recipients.get(i).size();
    }
    firstItem[filteredPath.length] = total;
    int[] nodeOfItem = new int[total];
    for (int i = 0; i < filteredPath.length; i++) {
      Arrays.fill(nodeOfItem, firstItem[i], firstItem[i + 1], i);
    }
    List<HpkeCiphertext> ciphertexts = ParallelEncryption.map(total, item -> {
      int node = nodeOfItem[item];
      byte[] key = recipients.get(node).get(item - firstItem[node]);
      return suite.encryptWithLabel(key, "UpdatePathNode", context, pathSecrets.get(node).unsafeView());
    });
    List<UpdatePathNode> nodes = new ArrayList<>(filteredPath.length);
    for (int i = 0; i < filteredPath.length; i++) {
      nodes.add(new UpdatePathNode(publicKeys.get(i), ciphertexts.subList(firstItem[i], firstItem[i + 1])));
    }
    return new UpdatePath(leafNode, nodes);
  }

  /**
   * The path secret a new member receives in its Welcome (§12.4.3.1): the one of the lowest common
   * ancestor of the committer and {@code member}, as a copy for the caller to destroy.
   */
  public Optional<SecretBytes> pathSecretFor(LeafIndex member) {
    int ancestor = TreeMath.commonAncestor(sender.nodeIndex(), member.nodeIndex());
    for (int i = 0; i < filteredPath.length; i++) {
      if (filteredPath[i] == ancestor) {
        return Optional.of(SecretBytes.copyOf(pathSecrets.get(i).unsafeView()));
      }
    }
    return Optional.empty();
  }

  /** Destroys the path secrets and the commit secret (not {@link #privateKeys()}). */
  public void destroy() {
    pathSecrets.forEach(SecretBytes::destroy);
    commitSecret.destroy();
  }

  @Override
  public String toString() {
    return "PreparedUpdatePath[sender " + sender.value() + ", " + filteredPath.length + " nodes]";
  }
}
