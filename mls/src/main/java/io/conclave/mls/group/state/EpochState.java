package io.conclave.mls.group.state;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treekem.TreePrivateKeys;
import io.conclave.mls.treemath.LeafIndex;
import java.util.Objects;
import java.util.Optional;

/**
 * One epoch of a group as one member sees it (RFC 9420 §8.1, §12.4): the agreed GroupContext, the
 * public tree, this member's private tree keys, the epoch secrets with the secret tree started
 * from them, the interim transcript hash and the confirmation tag of the commit that began it.
 *
 * <p>The tree is never changed in place: commits work on {@link TreeState#copy()}. The epoch
 * secrets and the secret tree are owned here and wiped by {@link #destroy()}; the private tree
 * keys may carry over into the next epoch and are not.
 */
public final class EpochState {
  private final CipherSuite suite;
  private final GroupContext context;
  private final TreeState tree;
  private final TreePrivateKeys keys;
  private final EpochSecrets secrets;
  private final SecretTree secretTree;
  private final byte[] interimTranscriptHash;
  private final byte[] confirmationTag;

  public EpochState(CipherSuite suite, GroupContext context, TreeState tree, TreePrivateKeys keys,
      EpochSecrets secrets, SecretTree secretTree, byte[] interimTranscriptHash, byte[] confirmationTag) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.context = Objects.requireNonNull(context, "context");
    this.tree = Objects.requireNonNull(tree, "tree");
    this.keys = keys;
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.secretTree = Objects.requireNonNull(secretTree, "secretTree");
    this.interimTranscriptHash = interimTranscriptHash.clone();
    this.confirmationTag = confirmationTag.clone();
  }

  public CipherSuite suite() {
    return suite;
  }

  public GroupContext context() {
    return context;
  }

  public long epoch() {
    return context.epoch();
  }

  public byte[] groupId() {
    return context.groupId();
  }

  /** The public tree; callers must not change it (copy it first). */
  public TreeState tree() {
    return tree;
  }

  /** This member's private view of the tree; null once the member was removed. */
  public TreePrivateKeys keys() {
    return keys;
  }

  public LeafIndex ownLeaf() {
    return keys.leafIndex();
  }

  public LeafNode ownLeafNode() {
    return tree.leaf(keys.leafIndex()).orElseThrow();
  }

  public EpochSecrets secrets() {
    return secrets;
  }

  public SecretTree secretTree() {
    return secretTree;
  }

  public byte[] interimTranscriptHash() {
    return interimTranscriptHash.clone();
  }

  public byte[] confirmationTag() {
    return confirmationTag.clone();
  }

  /** The signature key of the member at {@code leaf}, if that leaf is in the tree and not blank. */
  public Optional<byte[]> signatureKeyOf(long leaf) {
    if (leaf < 0 || leaf >= tree.leafCount()) {
      return Optional.empty();
    }
    return tree.leaf(new LeafIndex((int) leaf)).map(LeafNode::signatureKey);
  }

  /** {@code MAC(confirmation_key, confirmed_transcript_hash)} of this epoch (§8.1, §12.4.3). */
  public static byte[] confirmationTag(CipherSuite suite, SecretBytes confirmationKey, byte[] confirmedTranscriptHash) {
    return suite.mac(confirmationKey.unsafeView(), confirmedTranscriptHash);
  }

  /**
   * Ends the epoch but keeps what late application messages need (RFC 9420 §9.2): every epoch
   * secret is wiped except the sender data secret, which stays with the secret tree until
   * {@link #destroy()}.
   */
  public void retire() {
    for (SecretBytes s : new SecretBytes[] {secrets.joinerSecret(), secrets.welcomeSecret(), secrets.exporterSecret(),
        secrets.externalSecret(), secrets.confirmationKey(), secrets.membershipKey(), secrets.resumptionPsk(),
        secrets.epochAuthenticator(), secrets.initSecret()}) {
      s.destroy();
    }
  }

  /** Wipes the epoch secrets and the secret tree. */
  public void destroy() {
    secrets.destroy();
    secretTree.destroy();
  }

  @Override
  public String toString() {
    return "EpochState[epoch " + Long.toUnsignedString(context.epoch()) + ", " + tree.leafCount() + " leaves]";
  }
}
