package io.conclave.sframe.suite;

import io.conclave.sframe.AuthenticationFailedException;
import io.conclave.sframe.SFrameSecret;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/** AES-GCM with a 16-byte tag (suites 0x0004, 0x0005), on the JDK's {@code AES/GCM/NoPadding}. */
final class GcmAead extends FrameAead {
  private final RawKey key;
  private final Cipher cipher;
  /** header || metadata, grown on demand; see {@link #start}. */
  private byte[] aad = new byte[64];

  GcmAead(CipherSuite suite, SFrameSecret key) {
    super(suite);
    this.key = new RawKey(key.unsafeView(), "AES");
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
    }
  }

  @Override
  public int seal(byte[] nonce, byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen, byte[] plaintext, int ptOff, int ptLen,
      byte[] out, int outOff) {
    checkSeal(nonce, header, headerOff, headerLen, metadata, metadataOff, metadataLen,
        plaintext, ptOff, ptLen, out, outOff);
    try {
      start(Cipher.ENCRYPT_MODE, nonce, header, headerOff, headerLen,
          metadata, metadataOff, metadataLen);
      return cipher.doFinal(plaintext, ptOff, ptLen, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  @Override
  public int open(byte[] nonce, byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen, byte[] ciphertext, int ctOff, int ctLen,
      byte[] out, int outOff) {
    checkOpen(nonce, header, headerOff, headerLen, metadata, metadataOff, metadataLen,
        ciphertext, ctOff, ctLen, out, outOff);
    try {
      start(Cipher.DECRYPT_MODE, nonce, header, headerOff, headerLen,
          metadata, metadataOff, metadataLen);
      return cipher.doFinal(ciphertext, ctOff, ctLen, out, outOff);
    } catch (AEADBadTagException e) {
      throw new AuthenticationFailedException("AES-GCM tag does not verify", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  private void start(int mode, byte[] nonce, byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen) throws GeneralSecurityException {
    // GCMParameterSpec copies the nonce, so the caller may reuse its nonce buffer.
    cipher.init(mode, key, new GCMParameterSpec(suite().nt() * Byte.SIZE, nonce));
    // One updateAAD call: the JDK buffers AAD and would grow (reallocate) its buffer on a second.
    int aadLen = headerLen + metadataLen;
    if (aadLen > aad.length) {
      aad = new byte[Math.max(aadLen, 2 * aad.length)];
    }
    System.arraycopy(header, headerOff, aad, 0, headerLen);
    System.arraycopy(metadata, metadataOff, aad, headerLen, metadataLen);
    cipher.updateAAD(aad, 0, aadLen);
  }

  @Override
  public void destroy() {
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }
}
