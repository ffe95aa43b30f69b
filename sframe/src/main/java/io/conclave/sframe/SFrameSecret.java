package io.conclave.sframe;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * Key material (a base key, an {@code sframe_key}, an {@code sframe_salt}): a byte string that is
 * never printed, compared only in constant time and wiped by {@link #destroy()}.
 *
 * <p>Deliberately not a record: {@link #toString()} shows only the length and
 * {@link #equals(Object)} is identity. Not thread-safe against a concurrent {@link #destroy()}.
 */
public final class SFrameSecret implements Destroyable {
  private final byte[] bytes;
  private boolean destroyed;

  private SFrameSecret(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}; the caller keeps (and should wipe) its array. */
  public static SFrameSecret copyOf(byte[] bytes) {
    return new SFrameSecret(bytes.clone());
  }

  /** Takes ownership of {@code bytes}: the caller must not keep or change the array. */
  public static SFrameSecret wrap(byte[] bytes) {
    return new SFrameSecret(bytes);
  }

  public int length() {
    return bytes.length;
  }

  /** A copy of the secret; the caller should wipe it when done. */
  public byte[] copy() {
    checkAlive();
    return bytes.clone();
  }

  /**
   * The internal array, for code of this module that only reads it. Never store, change or pass
   * it on to application code.
   */
  public byte[] unsafeView() {
    checkAlive();
    return bytes;
  }

  /** Constant-time comparison of contents; a destroyed secret equals nothing. */
  public boolean equalsConstantTime(SFrameSecret other) {
    return !destroyed && !other.destroyed && MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Constant-time comparison with a plain array. */
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
    return "SFrameSecret[" + bytes.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
  }
}
