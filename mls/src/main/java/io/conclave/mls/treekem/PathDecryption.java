package io.conclave.mls.treekem;

import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import java.util.Map;

/**
 * What a receiver learns from an UpdatePath (RFC 9420 §7.5): the path secret it decrypted, the key
 * pairs of that node and the nodes above it on the committer's filtered direct path, and the
 * {@code commit_secret}. Nothing is installed until {@link TreePrivateKeys#apply}, so a commit that
 * later fails its confirmation tag leaves the member's keys untouched; call {@link #destroy()} then.
 */
public final class PathDecryption {
  private final int node;
  private final SecretBytes pathSecret;
  private final Map<Integer, HpkeKeyPair> keyPairs;
  private final SecretBytes commitSecret;

  PathDecryption(int node, SecretBytes pathSecret, Map<Integer, HpkeKeyPair> keyPairs, SecretBytes commitSecret) {
    this.node = node;
    this.pathSecret = pathSecret;
    this.keyPairs = Map.copyOf(keyPairs);
    this.commitSecret = commitSecret;
  }

  /** The node whose path secret was decrypted: the lowest common ancestor with the committer. */
  public int node() {
    return node;
  }

  /** The decrypted path secret of {@link #node()}. */
  public SecretBytes pathSecret() {
    return pathSecret;
  }

  /** The {@code commit_secret} for the key schedule (§8); the caller destroys it when done. */
  public SecretBytes commitSecret() {
    return commitSecret;
  }

  Map<Integer, HpkeKeyPair> keyPairs() {
    return keyPairs;
  }

  /** Destroys every secret, for a commit that is rejected after decryption. */
  public void destroy() {
    pathSecret.destroy();
    commitSecret.destroy();
    keyPairs.values().forEach(k -> k.privateKey().destroy());
  }

  @Override
  public String toString() {
    return "PathDecryption[node " + node + ", key pairs for " + keyPairs.keySet() + "]";
  }
}
