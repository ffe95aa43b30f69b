package io.conclave.admission;

import io.conclave.mls.extension.Extension;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.tree.LeafNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The invite proof v2 (docs/PROTOCOL.md, "Invite key and invite proof"): an Ed25519 signature by
 * the {@linkplain InviteKey invite key} over the joiner's signature key, name and KeyPackage init
 * key. Only a holder of the invite secret can make one; every member can check one with the
 * group's invite public key. Bound to the KeyPackage, it cannot be moved to another key or another
 * KeyPackage by the relay that sees it.
 *
 * <pre>
 * struct {
 *   opaque label&lt;V&gt;;          // "conclave invite proof v2"
 *   opaque meeting_id&lt;V&gt;;     // = the MLS group_id, ASCII
 *   opaque signature_key&lt;V&gt;;  // LeafNode.signature_key
 *   opaque identity&lt;V&gt;;       // BasicCredential.identity
 *   opaque init_key&lt;V&gt;;       // KeyPackage.init_key
 * } InviteProofInput;
 * proof = Ed25519-Sign(invite private key, InviteProofInput)     (64 bytes)
 * </pre>
 *
 * The proof travels as the LeafNode extension {@link ConclaveExtensions#INVITE_PROOF}.
 */
public final class InviteProof {
  public static final int LENGTH = InviteKey.SIGNATURE_LENGTH;
  private static final String LABEL = "conclave invite proof v2";

  private InviteProof() {}

  /** The proof for a joiner with {@code signatureKey}, {@code identity} and KeyPackage {@code initKey}. */
  public static byte[] compute(InviteSecret secret, String meetingId, byte[] signatureKey, byte[] identity,
      byte[] initKey) {
    return InviteKey.sign(secret, meetingId, input(meetingId, signatureKey, identity, initKey));
  }

  /** The leaf extension carrying {@code proof}. */
  public static Extension extension(byte[] proof) {
    if (proof.length != LENGTH) {
      throw new IllegalArgumentException("an invite proof is " + LENGTH + " bytes");
    }
    return new Extension(ConclaveExtensions.INVITE_PROOF, proof);
  }

  /** The proof a leaf carries, if it has the extension. */
  public static Optional<byte[]> of(LeafNode leaf) {
    return ConclaveExtensions.find(leaf.extensions(), ConclaveExtensions.INVITE_PROOF).map(Extension::data);
  }

  /**
   * Whether {@code keyPackage}'s leaf carries a valid proof under {@code invitePublicKey} (a
   * GroupContext's {@link ConclaveExtensions#INVITE_KEY}) for its signature key, basic identity
   * and init key.
   */
  public static boolean verify(byte[] invitePublicKey, String meetingId, KeyPackage keyPackage) {
    LeafNode leaf = keyPackage.leafNode();
    byte[] identity = AdmissionCheck.identityOf(leaf);
    Optional<byte[]> proof = of(leaf);
    if (identity == null || proof.isEmpty()) {
      return false;
    }
    return InviteKey.verify(invitePublicKey, input(meetingId, leaf.signatureKey(), identity, keyPackage.initKey()),
        proof.get());
  }

  private static byte[] input(String meetingId, byte[] signatureKey, byte[] identity, byte[] initKey) {
    return InviteKey.labelled(LABEL, meetingId.getBytes(StandardCharsets.US_ASCII), signatureKey, identity, initKey);
  }
}
