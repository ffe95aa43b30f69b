package io.conclave.mls.secrettree;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import java.util.Arrays;

/**
 * The key and nonce that encrypt a PrivateMessage's SenderData (RFC 9420 §6.3.2), derived from
 * the epoch's {@code sender_data_secret} and a sample of the content ciphertext, so that each
 * message gets its own sender-data key.
 */
public final class SenderDataKeys {
  private SenderDataKeys() {}

  /** {@code sender_data_key = ExpandWithLabel(sender_data_secret, "key", sample, AEAD.Nk)}. */
  public static SecretBytes key(CipherSuite suite, SecretBytes senderDataSecret, byte[] ciphertext) {
    return SecretBytes.wrap(suite.expandWithLabel(
        senderDataSecret.unsafeView(), "key", sample(suite, ciphertext), suite.aeadKeyLength()));
  }

  /** {@code sender_data_nonce = ExpandWithLabel(sender_data_secret, "nonce", sample, AEAD.Nn)}. */
  public static SecretBytes nonce(CipherSuite suite, SecretBytes senderDataSecret, byte[] ciphertext) {
    return SecretBytes.wrap(suite.expandWithLabel(
        senderDataSecret.unsafeView(), "nonce", sample(suite, ciphertext), suite.aeadNonceLength()));
  }

  /** The first {@code KDF.Nh} bytes of the ciphertext, or all of it if it is shorter. */
  private static byte[] sample(CipherSuite suite, byte[] ciphertext) {
    return Arrays.copyOf(ciphertext, Math.min(ciphertext.length, suite.hashLength()));
  }
}
