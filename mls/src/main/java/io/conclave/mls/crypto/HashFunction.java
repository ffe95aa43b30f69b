package io.conclave.mls.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.function.Supplier;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cipher suite's hash with the HMAC and HKDF (RFC 5869) built on it, all from the JDK
 * (RFC 9420 §5.1: "KDF", "Hash" and "MAC" of the suite).
 *
 * <p>JDK {@link MessageDigest}, {@link Mac} and {@link KDF} objects are not thread-safe and cost
 * about as much to obtain as one short HKDF-Expand, so each thread keeps its own.
 */
enum HashFunction {
  SHA256("SHA-256", "HmacSHA256", "HKDF-SHA256", 32, 0x0001),
  SHA384("SHA-384", "HmacSHA384", "HKDF-SHA384", 48, 0x0002),
  SHA512("SHA-512", "HmacSHA512", "HKDF-SHA512", 64, 0x0003);

  private final String macAlgorithm;
  private final int length;
  private final short hpkeKdfId;
  private final ThreadLocal<MessageDigest> digest;
  private final ThreadLocal<Mac> mac;
  private final ThreadLocal<KDF> kdf;

  HashFunction(String digestAlgorithm, String macAlgorithm, String kdfAlgorithm, int length, int hpkeKdfId) {
    this.macAlgorithm = macAlgorithm;
    this.length = length;
    this.hpkeKdfId = (short) hpkeKdfId;
    this.digest = perThread(() -> MessageDigest.getInstance(digestAlgorithm));
    this.mac = perThread(() -> Mac.getInstance(macAlgorithm));
    this.kdf = perThread(() -> KDF.getInstance(kdfAlgorithm));
  }

  /** {@code Nh}. */
  int length() {
    return length;
  }

  /** The HPKE KDF identifier of HKDF with this hash (RFC 9180 §7.2). */
  short hpkeKdfId() {
    return hpkeKdfId;
  }

  byte[] hash(byte[] data) {
    return digest.get().digest(data);
  }

  byte[] mac(byte[] key, byte[] data) {
    // RFC 2104 pads the key with zeros to the block size, so the empty key (which SecretKeySpec
    // refuses) is the same key as a single zero byte.
    byte[] k = key.length == 0 ? new byte[1] : key;
    Mac m = mac.get();
    try {
      m.init(new SecretKeySpec(k, macAlgorithm));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(macAlgorithm + " refused a key", e);
    }
    return m.doFinal(data);
  }

  /** HKDF-Extract; an empty salt means {@code Nh} zero bytes (RFC 5869 §2.2). */
  byte[] extract(byte[] salt, byte[] ikm) {
    try {
      return kdf.get().deriveData(HKDFParameterSpec.ofExtract().addSalt(salt).addIKM(ikm).extractOnly());
    } catch (InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("HKDF-Extract failed", e);
    }
  }

  /**
   * HKDF-Expand. The PRK must be at least {@code Nh} bytes (RFC 5869 §2.3), which every secret
   * MLS expands is, and {@code length} between 1 and {@code 255 * Nh}.
   */
  byte[] expand(byte[] prk, byte[] info, int length) {
    if (prk.length < this.length || length < 1 || length > 255 * this.length) {
      throw new IllegalArgumentException(
          "HKDF-Expand: PRK of " + prk.length + " bytes or output length " + length + " out of range");
    }
    try {
      return kdf.get().deriveData(HKDFParameterSpec.expandOnly(new SecretKeySpec(prk, "HKDF-PRK"), info, length));
    } catch (InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("HKDF-Expand failed", e);
    }
  }

  private interface Factory<T> {
    T create() throws GeneralSecurityException;
  }

  private static <T> ThreadLocal<T> perThread(Factory<T> factory) {
    Supplier<T> supplier = () -> {
      try {
        return factory.create();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK lacks a required algorithm", e);
      }
    };
    return ThreadLocal.withInitial(supplier);
  }
}
