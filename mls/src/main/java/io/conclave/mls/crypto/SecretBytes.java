package io.conclave.mls.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * Key material: a byte string that is never printed, compared only in constant time and wiped
 * by {@link #destroy()} when its epoch ends.
 *
 * <p>Deliberately not a record: {@link #toString()} shows only the length, {@link #equals(Object)}
 * is identity. Compare contents with {@link #equalsConstantTime(SecretBytes)}. Access to the bytes
 * is explicit ({@link #copy()}, or {@link #unsafeView()} on hot paths inside the library).
 */
public final class SecretBytes implements Destroyable {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Takes ownership of {@code bytes}: the caller must not keep or change the array. */
  public static SecretBytes wrap(byte[] bytes) {
    return new SecretBytes(bytes);
  }

  /** Copies {@code bytes}; the caller keeps its array. */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  public int length() {
    return bytes.length;
  }

  /** A copy of the secret. The caller should wipe it when done. */
  public byte[] copy() {
    checkAlive();
    return bytes.clone();
  }

  /**
   * The internal array, for library code that only reads it (key derivation, AEAD keys).
   * Never store it, change it or let it escape to application code.
   */
  public byte[] unsafeView() {
    checkAlive();
    return bytes;
  }

  /** Constant-time comparison of contents; a destroyed secret equals nothing. */
  public boolean equalsConstantTime(SecretBytes other) {
    if (destroyed || other.destroyed) {
      return false;
    }
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Constant-time comparison with a plain array (e.g. a received tag). */
  public boolean equalsConstantTime(byte[] other) {
    return !destroyed && MessageDigest.isEqual(bytes, other);
  }

  /** Overwrites the bytes with zeros; later access throws {@link IllegalStateException}. */
  @Override
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("secret was destroyed");
    }
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
  }
}
