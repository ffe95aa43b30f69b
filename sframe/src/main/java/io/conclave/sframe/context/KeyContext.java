package io.conclave.sframe.context;

import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.UnknownKeyIdException;
import io.conclave.sframe.header.SFrameHeader;
import io.conclave.sframe.suite.CipherSuite;
import io.conclave.sframe.suite.FrameAead;
import io.conclave.sframe.suite.KeyDerivation;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The key context of one KID (RFC 9605 §4.4, Appendix A): {@code sframe_key} and
 * {@code sframe_salt} derived from a {@code base_key} (§4.4.2), encryption (§4.4.3) and decryption
 * (§4.4.4) of SFrame ciphertexts with caller-supplied metadata.
 *
 * <pre>
 * nonce = sframe_salt XOR be(CTR, Nn)
 * aad   = header || metadata
 * frame = header || AEAD.Encrypt(sframe_key, nonce, aad, plaintext)
 * </pre>
 *
 * <p>The frame path works on caller-owned arrays and allocates nothing itself; the JDK's
 * {@code Cipher.init} allocates a little per frame. The caller guarantees that each counter is used
 * for at most one encryption (§9.1). <b>Not thread-safe</b>: the {@code Cipher} and the nonce
 * buffer are reused across frames.
 */
public final class KeyContext implements Destroyable {
  private final CipherSuite suite;
  private final long keyId;
  private final FrameAead aead;
  private final byte[] salt;
  private final byte[] nonce;

  private KeyContext(CipherSuite suite, long keyId, FrameAead aead, byte[] salt) {
    this.suite = suite;
    this.keyId = keyId;
    this.aead = aead;
    this.salt = salt;
    this.nonce = new byte[suite.nn()];
  }

  /** Derives the key and salt of {@code keyId} from {@code baseKey} (§4.4.2). */
  public static KeyContext derive(CipherSuite suite, long keyId, SFrameSecret baseKey) {
    SFrameSecret secret = KeyDerivation.secret(suite, baseKey);
    SFrameSecret key = KeyDerivation.key(suite, secret, keyId);
    SFrameSecret salt = KeyDerivation.salt(suite, secret, keyId);
    try {
      return new KeyContext(suite, keyId, FrameAead.create(suite, key), salt.copy());
    } finally {
      secret.destroy();
      key.destroy();
      salt.destroy();
    }
  }

  public CipherSuite suite() {
    return suite;
  }

  /** The KID, an unsigned 64-bit value. */
  public long keyId() {
    return keyId;
  }

  /** Bytes an encrypted frame with this counter adds to its plaintext: header plus tag. */
  public int overhead(long counter) {
    return SFrameHeader.encodedLength(keyId, counter) + suite.nt();
  }

  /**
   * Encrypts {@code plaintext[ptOff, ptOff+ptLen)} under {@code counter} and writes the SFrame
   * ciphertext at {@code out[outOff]}; returns its length, {@code ptLen + overhead(counter)}.
   *
   * @throws IndexOutOfBoundsException if a range is outside its array or {@code out} is too small
   */
  public int encrypt(long counter, byte[] metadata, int metadataOff, int metadataLen,
      byte[] plaintext, int ptOff, int ptLen, byte[] out, int outOff) {
    Objects.checkFromIndexSize(outOff, ptLen + overhead(counter), out.length);
    int headerLen = SFrameHeader.encode(keyId, counter, out, outOff);
    formNonce(counter);
    return headerLen + aead.seal(nonce, out, outOff, headerLen, metadata, metadataOff, metadataLen,
        plaintext, ptOff, ptLen, out, outOff + headerLen);
  }

  /**
   * Decrypts the SFrame ciphertext {@code frame[off, off+len)} with {@code metadata}, writes the
   * plaintext at {@code out[outOff]} and returns its length. Nothing is written on failure.
   *
   * @throws io.conclave.sframe.MalformedFrameException if the header is malformed or the
   *     ciphertext shorter than the tag
   * @throws UnknownKeyIdException if the header names another KID
   * @throws io.conclave.sframe.AuthenticationFailedException if the tag does not verify
   */
  public int decrypt(byte[] metadata, int metadataOff, int metadataLen,
      byte[] frame, int off, int len, byte[] out, int outOff) {
    int headerLen = SFrameHeader.decodeLength(frame, off, len);
    long frameKeyId = SFrameHeader.keyId(frame, off);
    if (frameKeyId != keyId) {
      throw new UnknownKeyIdException("frame KID " + Long.toUnsignedString(frameKeyId)
          + " is not this context's KID " + Long.toUnsignedString(keyId));
    }
    formNonce(SFrameHeader.counter(frame, off));
    return aead.open(nonce, frame, off, headerLen, metadata, metadataOff, metadataLen,
        frame, off + headerLen, len - headerLen, out, outOff);
  }

  private void formNonce(long counter) {
    int n = nonce.length;
    System.arraycopy(salt, 0, nonce, 0, n - Long.BYTES);
    for (int i = 0; i < Long.BYTES; i++) {
      nonce[n - 1 - i] = (byte) (salt[n - 1 - i] ^ (counter >>> (8 * i)));
    }
  }

  @Override
  public void destroy() {
    aead.destroy();
    Arrays.fill(salt, (byte) 0);
    Arrays.fill(nonce, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return aead.isDestroyed();
  }

  @Override
  public String toString() {
    return "KeyContext[" + suite + ", kid=" + Long.toUnsignedString(keyId) + "]";
  }
}
