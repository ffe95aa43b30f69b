package io.conclave.sframe.suite;

import io.conclave.sframe.AuthenticationFailedException;
import io.conclave.sframe.SFrameSecret;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;

/**
 * The AES-CTR + HMAC-SHA256 AEAD of RFC 9605 §4.5.1 (suites 0x0001–0x0003): encrypt-then-MAC, the
 * tag truncated to {@code nt} bytes.
 *
 * <pre>
 * enc_key = key[..Nka], auth_key = key[Nka..]
 * ct  = AES-CTR(enc_key, nonce || 0x00000000, pt)
 * tag = HMAC(auth_key, len(aad) || len(ct) || Nt || nonce || aad || ct)[..Nt]   (lengths: u64)
 * </pre>
 *
 * Decryption checks the tag (in constant time) before it decrypts anything.
 */
final class CtrHmacAead extends FrameAead {
  private final RawKey encKey;
  private final RawKey authKey;
  private final Cipher ctr;
  private final Mac mac;
  private final byte[] counterBlock = new byte[16];
  private final byte[] lengths = new byte[3 * Long.BYTES];
  private final byte[] tag;

  CtrHmacAead(CipherSuite suite, SFrameSecret key) {
    super(suite);
    byte[] k = key.unsafeView();
    this.encKey = new RawKey(k, 0, suite.nka(), "AES");
    this.authKey = new RawKey(k, suite.nka(), k.length - suite.nka(), "HmacSHA256");
    try {
      this.ctr = Cipher.getInstance("AES/CTR/NoPadding");
      this.mac = Mac.getInstance("HmacSHA256");
      mac.init(authKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no AES/CTR or HmacSHA256", e);
    }
    this.tag = new byte[mac.getMacLength()];
  }

  @Override
  public int seal(byte[] nonce, byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen, byte[] plaintext, int ptOff, int ptLen,
      byte[] out, int outOff) {
    checkSeal(nonce, header, headerOff, headerLen, metadata, metadataOff, metadataLen,
        plaintext, ptOff, ptLen, out, outOff);
    try {
      ctr.init(Cipher.ENCRYPT_MODE, encKey, initialCounter(nonce));
      int ctLen = ctr.doFinal(plaintext, ptOff, ptLen, out, outOff);
      computeTag(nonce, header, headerOff, headerLen, metadata, metadataOff, metadataLen,
          out, outOff, ctLen);
      System.arraycopy(tag, 0, out, outOff + ctLen, suite().nt());
      return ctLen + suite().nt();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR encryption failed", e);
    }
  }

  @Override
  public int open(byte[] nonce, byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen, byte[] ciphertext, int ctOff, int ctLen,
      byte[] out, int outOff) {
    checkOpen(nonce, header, headerOff, headerLen, metadata, metadataOff, metadataLen,
        ciphertext, ctOff, ctLen, out, outOff);
    int innerLen = ctLen - suite().nt();
    try {
      computeTag(nonce, header, headerOff, headerLen, metadata, metadataOff, metadataLen,
          ciphertext, ctOff, innerLen);
      if (!tagMatches(ciphertext, ctOff + innerLen)) {
        throw new AuthenticationFailedException("HMAC tag does not verify");
      }
      ctr.init(Cipher.DECRYPT_MODE, encKey, initialCounter(nonce));
      return ctr.doFinal(ciphertext, ctOff, innerLen, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR decryption failed", e);
    }
  }

  private IvParameterSpec initialCounter(byte[] nonce) {
    // nonce || 0x00000000; the last four bytes stay zero.
    System.arraycopy(nonce, 0, counterBlock, 0, nonce.length);
    return new IvParameterSpec(counterBlock);
  }

  private void computeTag(byte[] nonce, byte[] header, int headerOff, int headerLen,
      byte[] metadata, int metadataOff, int metadataLen, byte[] ct, int ctOff, int ctLen)
      throws GeneralSecurityException {
    putLong(lengths, 0, (long) headerLen + metadataLen);
    putLong(lengths, 8, ctLen);
    putLong(lengths, 16, suite().nt());
    mac.update(lengths);
    mac.update(nonce);
    mac.update(header, headerOff, headerLen);
    mac.update(metadata, metadataOff, metadataLen);
    mac.update(ct, ctOff, ctLen);
    mac.doFinal(tag, 0);
  }

  private boolean tagMatches(byte[] received, int off) {
    int diff = 0;
    for (int i = 0; i < suite().nt(); i++) {
      diff |= tag[i] ^ received[off + i];
    }
    return diff == 0;
  }

  private static void putLong(byte[] out, int off, long value) {
    for (int i = 7; i >= 0; i--) {
      out[off + i] = (byte) value;
      value >>>= 8;
    }
  }

  @Override
  public void destroy() {
    encKey.destroy();
    authKey.destroy();
    Arrays.fill(tag, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return encKey.isDestroyed();
  }
}
