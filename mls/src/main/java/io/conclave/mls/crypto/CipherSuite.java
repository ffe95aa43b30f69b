package io.conclave.mls.crypto;

import io.conclave.mls.CryptoException;
import io.conclave.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;

/**
 * One MLS cipher suite (RFC 9420 §5.1): a KEM, KDF, AEAD, hash and signature scheme, and the
 * labeled operations of §5 built on them.
 *
 * <p>Implementations provide the primitives; the labeled operations ({@link #expandWithLabel},
 * {@link #deriveSecret}, {@link #refHash}, {@link #signWithLabel}, {@link #encryptWithLabel}, ...)
 * are written once here over those primitives, so every suite derives keys the same way.
 * Obtain instances from {@link CipherSuites}. Implementations are immutable and thread-safe.
 */
public interface CipherSuite {

  /** The label prefix of every labeled operation (§5.1.2, §5.1.3, §5.2). */
  String LABEL_PREFIX = "MLS 1.0 ";

  /** The IANA code point (1 = MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519). */
  int id();

  /** The IANA name of the suite. */
  String name();

  /** {@code Nh}: output length of the hash and of KDF.Extract. */
  int hashLength();

  /** {@code Nk}: AEAD key length. */
  int aeadKeyLength();

  /** {@code Nn}: AEAD nonce length. */
  int aeadNonceLength();

  // ---- primitives ----

  byte[] hash(byte[] data);

  /** HMAC with the suite's hash (used for membership tags and confirmation tags, §6.2, §8.1). */
  byte[] mac(byte[] key, byte[] data);

  /** HKDF-Extract. */
  byte[] extract(byte[] salt, byte[] ikm);

  /** HKDF-Expand. */
  byte[] expand(byte[] prk, byte[] info, int length);

  /** AEAD encryption; returns ciphertext with the tag appended. */
  byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext);

  /**
   * AEAD decryption.
   *
   * @throws CryptoException if the tag does not verify
   */
  byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext);

  SignatureKeyPair generateSignatureKeyPair();

  /** The serialized public key for a serialized private signature key. */
  byte[] signaturePublicKey(SecretBytes privateKey);

  byte[] sign(SecretBytes privateKey, byte[] message);

  /** False for a signature that does not verify or a malformed key or signature. */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);

  HpkeKeyPair generateHpkeKeyPair();

  /** HPKE DeriveKeyPair (RFC 9180 §7.1.3). */
  HpkeKeyPair deriveHpkeKeyPair(byte[] ikm);

  /**
   * Whether {@code publicKey} is a valid KEM public key of this suite (RFC 9420 §5.1.3, RFC 9180
   * §7.1.4): the right length, on the curve, and for X25519/X448 not a low-order point. For keys
   * received from peers ({@code init_key}, {@code encryption_key}, {@code external_pub}) before they
   * are stored or encrypted to. Never throws.
   *
   * <p>This default encapsulates to the key and reports whether that worked (an all-zero
   * Diffie-Hellman result fails); the built-in suites override it with a cheaper direct check.
   */
  default boolean isValidHpkePublicKey(byte[] publicKey) {
    try {
      hpkeExportSender(publicKey, new byte[0], new byte[0], 1).secret().destroy();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** HPKE SealBase (RFC 9180 §6.1). */
  HpkeCiphertext hpkeSeal(byte[] publicKey, byte[] info, byte[] aad, byte[] plaintext);

  /**
   * HPKE OpenBase (RFC 9180 §6.1).
   *
   * @throws CryptoException if decryption fails or a key is malformed
   */
  byte[] hpkeOpen(SecretBytes privateKey, HpkeCiphertext ciphertext, byte[] info, byte[] aad);

  /**
   * HPKE SetupBaseS followed by {@code Export(exporterContext, length)} (RFC 9180 §5.1, §5.3), as
   * an external joiner derives its {@code init_secret} (RFC 9420 §8.3).
   */
  HpkeExport hpkeExportSender(byte[] publicKey, byte[] info, byte[] exporterContext, int length);

  /**
   * HPKE SetupBaseR with {@code kemOutput} followed by {@code Export(exporterContext, length)}.
   *
   * @throws CryptoException if the KEM output or the key is malformed
   */
  SecretBytes hpkeExportReceiver(SecretBytes privateKey, byte[] kemOutput, byte[] info, byte[] exporterContext,
      int length);

  // ---- labeled operations, RFC 9420 §5 ----

  /** {@code RefHash(label, value)} (§5.2). The label is used as given, without the prefix. */
  default byte[] refHash(String label, byte[] value) {
    TlsWriter w = new TlsWriter(label.length() + value.length + 8);
    w.writeOpaque(label.getBytes(StandardCharsets.US_ASCII)).writeOpaque(value);
    return hash(w.toByteArray());
  }

  /** {@code ExpandWithLabel(secret, label, context, length)} (§8). */
  default byte[] expandWithLabel(byte[] secret, String label, byte[] context, int length) {
    byte[] fullLabel = (LABEL_PREFIX + label).getBytes(StandardCharsets.US_ASCII);
    TlsWriter w = new TlsWriter(fullLabel.length + context.length + 8);
    w.writeUint16(length).writeOpaque(fullLabel).writeOpaque(context);
    return expand(secret, w.toByteArray(), length);
  }

  /** {@code DeriveSecret(secret, label) = ExpandWithLabel(secret, label, "", Nh)} (§8). */
  default byte[] deriveSecret(byte[] secret, String label) {
    return expandWithLabel(secret, label, new byte[0], hashLength());
  }

  /** {@code DeriveTreeSecret(secret, label, generation, length)} (§9). */
  default byte[] deriveTreeSecret(byte[] secret, String label, long generation, int length) {
    byte[] context = new TlsWriter(4).writeUint32(generation).toByteArray();
    return expandWithLabel(secret, label, context, length);
  }

  /** The {@code SignContent} structure signed by {@link #signWithLabel} (§5.1.2). */
  private static byte[] signContent(String label, byte[] content) {
    byte[] fullLabel = (LABEL_PREFIX + label).getBytes(StandardCharsets.US_ASCII);
    return new TlsWriter(fullLabel.length + content.length + 8)
        .writeOpaque(fullLabel).writeOpaque(content).toByteArray();
  }

  /** {@code SignWithLabel(key, label, content)} (§5.1.2). */
  default byte[] signWithLabel(SecretBytes privateKey, String label, byte[] content) {
    return sign(privateKey, signContent(label, content));
  }

  /** {@code VerifyWithLabel(key, label, content, signature)} (§5.1.2). */
  default boolean verifyWithLabel(byte[] publicKey, String label, byte[] content, byte[] signature) {
    return verify(publicKey, signContent(label, content), signature);
  }

  /** {@code EncryptWithLabel(key, label, context, plaintext)} (§5.1.3). */
  default HpkeCiphertext encryptWithLabel(byte[] publicKey, String label, byte[] context, byte[] plaintext) {
    return hpkeSeal(publicKey, signContent(label, context), new byte[0], plaintext);
  }

  /** {@code DecryptWithLabel(key, label, context, kem_output, ciphertext)} (§5.1.3). */
  default byte[] decryptWithLabel(SecretBytes privateKey, String label, byte[] context, HpkeCiphertext ciphertext) {
    return hpkeOpen(privateKey, ciphertext, signContent(label, context), new byte[0]);
  }
}
