package io.conclave.client.admission;

import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.tree.LeafNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The invite proof (docs/PROTOCOL.md, "Admission"): shows that a joiner holds the invite secret of
 * the meeting's link without revealing it, bound to the joiner's signature key and identity so a
 * server that sees it cannot reuse it for another key.
 *
 * <pre>
 * proof_key = HKDF-Expand(HKDF-Extract(salt = "conclave invite proof v1", IKM = invite_secret),
 *                         info = meeting_id, L = 32)                        (RFC 5869, SHA-256)
 * struct {
 *   opaque meeting_id&lt;V&gt;;      // = the MLS group_id, ASCII
 *   opaque signature_key&lt;V&gt;;   // LeafNode.signature_key
 *   opaque identity&lt;V&gt;;        // BasicCredential.identity
 * } InviteProofInput;              // RFC 9420 §2.1 encoding, variable-length vectors
 * proof = HMAC-SHA256(proof_key, InviteProofInput)                         (32 bytes)
 * </pre>
 *
 * The proof travels as the LeafNode extension {@link ConclaveExtensions#INVITE_PROOF} whose
 * {@code extension_data} is the 32 proof bytes. Stateless; the key is derived per call.
 */
public final class InviteProof {
  public static final int LENGTH = 32;
  private static final byte[] SALT = "conclave invite proof v1".getBytes(StandardCharsets.US_ASCII);

  private InviteProof() {}

  /** The proof for a joiner with {@code signatureKey} and {@code identity}. */
  public static byte[] compute(InviteSecret secret, String meetingId, byte[] signatureKey, byte[] identity) {
    byte[] key = proofKey(secret, meetingId);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input(meetingId, signatureKey, identity));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
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

  /** Whether {@code leaf} carries a valid proof for {@code secret} (constant-time comparison). */
  public static boolean verify(InviteSecret secret, String meetingId, LeafNode leaf, byte[] identity) {
    Optional<byte[]> proof = of(leaf);
    if (proof.isEmpty() || proof.get().length != LENGTH) {
      return false;
    }
    byte[] expected = compute(secret, meetingId, leaf.signatureKey(), identity);
    return MessageDigest.isEqual(expected, proof.get());
  }

  private static byte[] proofKey(InviteSecret secret, String meetingId) {
    try {
      KDF hkdf = KDF.getInstance("HKDF-SHA256");
      byte[] ikm = secret.bytes();
      try {
        return hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(SALT)
            .thenExpand(meetingId.getBytes(StandardCharsets.US_ASCII), LENGTH));
      } finally {
        Arrays.fill(ikm, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF-SHA256 unavailable", e);
    }
  }

  private static byte[] input(String meetingId, byte[] signatureKey, byte[] identity) {
    return new TlsWriter()
        .writeOpaque(meetingId.getBytes(StandardCharsets.US_ASCII))
        .writeOpaque(signatureKey)
        .writeOpaque(identity)
        .toByteArray();
  }
}
