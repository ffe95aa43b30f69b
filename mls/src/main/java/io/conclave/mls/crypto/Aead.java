package io.conclave.mls.crypto;

import io.conclave.mls.CryptoException;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cipher suite's AEAD (RFC 9420 §5.1), from the JDK. The tag (16 bytes) is appended to the
 * ciphertext, as in RFC 5116.
 *
 * <p>A fresh {@link Cipher} per call: a cached one would refuse a repeated key and nonce for
 * encryption (the JDK's nonce-reuse guard), and obtaining one costs only about a microsecond.
 */
enum Aead {
  AES_128_GCM("AES/GCM/NoPadding", "AES", 16, 0x0001),
  AES_256_GCM("AES/GCM/NoPadding", "AES", 32, 0x0002),
  CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20", 32, 0x0003);

  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;

  private final String transformation;
  private final String keyAlgorithm;
  private final int keyLength;
  private final short hpkeAeadId;

  Aead(String transformation, String keyAlgorithm, int keyLength, int hpkeAeadId) {
    this.transformation = transformation;
    this.keyAlgorithm = keyAlgorithm;
    this.keyLength = keyLength;
    this.hpkeAeadId = (short) hpkeAeadId;
  }

  /** {@code Nk}. */
  int keyLength() {
    return keyLength;
  }

  /** The HPKE AEAD identifier (RFC 9180 §7.3). */
  short hpkeAeadId() {
    return hpkeAeadId;
  }

  byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(this + " encryption failed", e);
    }
  }

  byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
    if (ciphertext.length < TAG_LENGTH) {
      throw new CryptoException(this + ": ciphertext shorter than the tag");
    }
    try {
      return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw new CryptoException(this + ": authentication tag does not verify", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(this + " decryption failed", e);
    }
  }

  private Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
    if (key.length != keyLength || nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException(
          this + " needs a " + keyLength + "-byte key and a 12-byte nonce, got " + key.length + " and " + nonce.length);
    }
    AlgorithmParameterSpec params = this == CHACHA20_POLY1305
        ? new IvParameterSpec(nonce)
        : new GCMParameterSpec(TAG_LENGTH * 8, nonce);
    Cipher cipher = Cipher.getInstance(transformation);
    cipher.init(mode, new SecretKeySpec(key, keyAlgorithm), params);
    cipher.updateAAD(aad);
    return cipher;
  }
}
