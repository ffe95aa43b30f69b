package io.conclave.mls.secrettree;

import io.conclave.mls.crypto.SecretBytes;
import javax.security.auth.Destroyable;

/**
 * The AEAD key and nonce of one generation of a sender ratchet (RFC 9420 §9.1). Single use: the
 * ratchet no longer holds it once handed out, and the caller destroys it after encrypting or
 * decrypting its message.
 */
public final class RatchetKey implements Destroyable {
  private final long generation;
  private final SecretBytes key;
  private final SecretBytes nonce;

  RatchetKey(long generation, SecretBytes key, SecretBytes nonce) {
    this.generation = generation;
    this.key = key;
    this.nonce = nonce;
  }

  /** The generation, sent in the SenderData of the message it protects (§6.3.2). */
  public long generation() {
    return generation;
  }

  /** {@code ratchet_key_[N]_[generation]}, {@code AEAD.Nk} bytes. */
  public SecretBytes key() {
    return key;
  }

  /** {@code ratchet_nonce_[N]_[generation]}, {@code AEAD.Nn} bytes, before the reuse guard. */
  public SecretBytes nonce() {
    return nonce;
  }

  @Override
  public void destroy() {
    key.destroy();
    nonce.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  @Override
  public String toString() {
    return "RatchetKey[generation " + generation + (isDestroyed() ? ", destroyed" : "") + "]";
  }
}
