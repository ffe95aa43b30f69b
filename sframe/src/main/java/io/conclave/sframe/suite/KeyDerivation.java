package io.conclave.sframe.suite;

import io.conclave.sframe.SFrameSecret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * {@code derive_key_salt} of RFC 9605 §4.4.2: {@code sframe_key} and {@code sframe_salt} from a
 * {@code base_key} and a KID, with the suite's HKDF.
 *
 * <pre>
 * sframe_secret = HKDF-Extract("", base_key)
 * sframe_key    = HKDF-Expand(sframe_secret, "SFrame 1.0 Secret key "  + KID + suite, Nk)
 * sframe_salt   = HKDF-Expand(sframe_secret, "SFrame 1.0 Secret salt " + KID + suite, Nn)
 * </pre>
 *
 * KID is an 8-byte and the suite a 2-byte big-endian integer.
 */
public final class KeyDerivation {
  private static final byte[] KEY_LABEL = "SFrame 1.0 Secret key ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SALT_LABEL = "SFrame 1.0 Secret salt ".getBytes(StandardCharsets.US_ASCII);

  private KeyDerivation() {}

  /** {@code sframe_secret}: HKDF-Extract with an empty salt (RFC 5869 then uses Nh zero bytes). */
  public static SFrameSecret secret(CipherSuite suite, SFrameSecret baseKey) {
    try {
      SecretKey prk = kdf(suite).deriveKey("Generic",
          HKDFParameterSpec.ofExtract().addIKM(baseKey.unsafeView()).extractOnly());
      return SFrameSecret.wrap(prk.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF-Extract failed", e);
    }
  }

  /** {@code sframe_key}: {@code Nk} bytes. */
  public static SFrameSecret key(CipherSuite suite, SFrameSecret secret, long keyId) {
    return expand(suite, secret, label(KEY_LABEL, keyId, suite), suite.nk());
  }

  /** {@code sframe_salt}: {@code Nn} bytes. */
  public static SFrameSecret salt(CipherSuite suite, SFrameSecret secret, long keyId) {
    return expand(suite, secret, label(SALT_LABEL, keyId, suite), suite.nn());
  }

  /** {@code "SFrame 1.0 Secret key " + KID + cipher_suite}. */
  public static byte[] keyLabel(long keyId, CipherSuite suite) {
    return label(KEY_LABEL, keyId, suite);
  }

  /** {@code "SFrame 1.0 Secret salt " + KID + cipher_suite}. */
  public static byte[] saltLabel(long keyId, CipherSuite suite) {
    return label(SALT_LABEL, keyId, suite);
  }

  private static byte[] label(byte[] prefix, long keyId, CipherSuite suite) {
    return ByteBuffer.allocate(prefix.length + Long.BYTES + Short.BYTES)
        .put(prefix)
        .putLong(keyId)
        .putShort((short) suite.id())
        .array();
  }

  private static SFrameSecret expand(CipherSuite suite, SFrameSecret secret, byte[] info, int length) {
    try {
      RawKey prk = new RawKey(secret.unsafeView(), "Generic");
      try {
        return SFrameSecret.wrap(
            kdf(suite).deriveData(HKDFParameterSpec.expandOnly(prk, info, length)));
      } finally {
        prk.destroy();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF-Expand failed", e);
    }
  }

  private static KDF kdf(CipherSuite suite) throws GeneralSecurityException {
    return KDF.getInstance(suite.hkdfAlgorithm());
  }
}
