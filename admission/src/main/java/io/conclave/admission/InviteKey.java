package io.conclave.admission;

import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.extension.Extension;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The meeting's invite key (docs/PROTOCOL.md, "Invite key and invite proof"): an Ed25519 key pair
 * derived from the invite secret, whose public half is the GroupContext extension
 * {@link ConclaveExtensions#INVITE_KEY}. Holders of the secret sign {@linkplain InviteProof invite
 * proofs} with it; every member verifies them with the public key, without the secret.
 *
 * <pre>
 * invite_seed = HKDF-Expand(HKDF-Extract(salt = "conclave invite key v2", IKM = invite_secret),
 *                           info = meeting_id, L = 32)
 * invite key pair = Ed25519 key pair with private key (RFC 8032 §5.1.5 seed) invite_seed
 * </pre>
 */
public final class InviteKey {
  public static final int PUBLIC_KEY_LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;
  public static final int SIGNATURE_LENGTH = Ed25519PrivateKeyParameters.SIGNATURE_SIZE;
  private static final byte[] SALT = "conclave invite key v2".getBytes(StandardCharsets.US_ASCII);

  private InviteKey() {}

  /** The invite public key of {@code secret} for the meeting. */
  public static byte[] publicKey(InviteSecret secret, String meetingId) {
    byte[] seed = seed(secret, meetingId);
    try {
      return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** The GroupContext extension naming the invite public key of {@code secret}. */
  public static Extension extension(InviteSecret secret, String meetingId) {
    return new Extension(ConclaveExtensions.INVITE_KEY, publicKey(secret, meetingId));
  }

  /** The invite public key in {@code groupContextExtensions}, if present and 32 bytes. */
  public static Optional<byte[]> from(List<Extension> groupContextExtensions) {
    return ConclaveExtensions.find(groupContextExtensions, ConclaveExtensions.INVITE_KEY).map(Extension::data)
        .filter(k -> k.length == PUBLIC_KEY_LENGTH);
  }

  static byte[] sign(InviteSecret secret, String meetingId, byte[] message) {
    byte[] seed = seed(secret, meetingId);
    try {
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
      signer.update(message, 0, message.length);
      return signer.generateSignature();
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != PUBLIC_KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** HKDF-SHA256 of the secret with {@code salt}, info = the meeting id, 32 bytes (RFC 5869). */
  static byte[] derive(InviteSecret secret, byte[] salt, String meetingId) {
    try {
      KDF hkdf = KDF.getInstance("HKDF-SHA256");
      byte[] ikm = secret.bytes();
      try {
        return hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt)
            .thenExpand(meetingId.getBytes(StandardCharsets.US_ASCII), 32));
      } finally {
        Arrays.fill(ikm, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF-SHA256 unavailable", e);
    }
  }

  private static byte[] seed(InviteSecret secret, String meetingId) {
    return derive(secret, SALT, meetingId);
  }

  /** {@code opaque label<V>} followed by each field as {@code opaque<V>} (RFC 9420 §2.1). */
  static byte[] labelled(String label, byte[]... fields) {
    TlsWriter w = new TlsWriter().writeOpaque(label.getBytes(StandardCharsets.US_ASCII));
    for (byte[] f : fields) {
      w.writeOpaque(f);
    }
    return w.toByteArray();
  }
}
