package io.conclave.sframe.suite;

import io.conclave.sframe.MalformedFrameException;
import io.conclave.sframe.SFrameSecret;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The AEAD of a cipher suite bound to one {@code sframe_key} (RFC 9605 §4.4, §4.5), reusing one
 * JDK {@code Cipher} (and {@code Mac}) for every frame. The additional data is passed in two
 * pieces, the SFrame header and the application metadata, so that neither is copied.
 *
 * <p><b>Not thread-safe</b>: one instance per thread, or external locking. Output ranges must not
 * overlap input ranges.
 */
public abstract sealed class FrameAead implements Destroyable permits GcmAead, CtrHmacAead {
  private final CipherSuite suite;

  FrameAead(CipherSuite suite) {
    this.suite = suite;
  }

  /**
   * An AEAD for {@code key}, which must be {@code suite.nk()} bytes. The key bytes are copied;
   * the caller keeps ownership of {@code key}.
   */
  public static FrameAead create(CipherSuite suite, SFrameSecret key) {
    if (key.length() != suite.nk()) {
      throw new IllegalArgumentException(
          suite + " needs a " + suite.nk() + "-byte key, got " + key.length());
    }
    return suite.isCtrHmac() ? new CtrHmacAead(suite, key) : new GcmAead(suite, key);
  }

  public final CipherSuite suite() {
    return suite;
  }

  /** Wipes this object's copies of the key; the JDK's internal copies are beyond reach. */
  @Override
  public abstract void destroy();

  /**
   * {@code AEAD.Encrypt}: writes ciphertext and tag ({@code ptLen + nt} bytes) at
   * {@code out[outOff]} and returns that length.
   *
   * @param nonce {@code nn} bytes, never reused with this key
   */
  public abstract int seal(byte[] nonce,
      byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen,
      byte[] plaintext, int ptOff, int ptLen,
      byte[] out, int outOff);

  /**
   * {@code AEAD.Decrypt}: verifies and decrypts {@code ciphertext[ctOff, ctOff+ctLen)} (ciphertext
   * then tag), writes {@code ctLen - nt} bytes of plaintext at {@code out[outOff]} and returns that
   * length. Nothing is written when the tag does not verify.
   *
   * @throws io.conclave.sframe.AuthenticationFailedException if the tag does not verify
   * @throws io.conclave.sframe.MalformedFrameException if {@code ctLen} is shorter than the tag
   */
  public abstract int open(byte[] nonce,
      byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen,
      byte[] ciphertext, int ctOff, int ctLen,
      byte[] out, int outOff);

  final void checkSeal(byte[] nonce, byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen, byte[] plaintext, int ptOff, int ptLen,
      byte[] out, int outOff) {
    checkNonce(nonce);
    Objects.checkFromIndexSize(headerOff, headerLen, header.length);
    Objects.checkFromIndexSize(metadataOff, metadataLen, metadata.length);
    Objects.checkFromIndexSize(ptOff, ptLen, plaintext.length);
    Objects.checkFromIndexSize(outOff, ptLen + suite.nt(), out.length);
  }

  final void checkOpen(byte[] nonce, byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen, byte[] ciphertext, int ctOff, int ctLen,
      byte[] out, int outOff) {
    checkNonce(nonce);
    Objects.checkFromIndexSize(headerOff, headerLen, header.length);
    Objects.checkFromIndexSize(metadataOff, metadataLen, metadata.length);
    Objects.checkFromIndexSize(ctOff, ctLen, ciphertext.length);
    if (ctLen < suite.nt()) {
      throw new MalformedFrameException(
          "ciphertext of " + ctLen + " bytes is shorter than the " + suite.nt() + "-byte tag");
    }
    Objects.checkFromIndexSize(outOff, ctLen - suite.nt(), out.length);
  }

  private void checkNonce(byte[] nonce) {
    if (nonce.length != suite.nn()) {
      throw new IllegalArgumentException("nonce must be " + suite.nn() + " bytes");
    }
  }
}
