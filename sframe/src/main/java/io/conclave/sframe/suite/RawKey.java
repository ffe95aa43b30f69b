package io.conclave.sframe.suite;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A {@link SecretKey} over raw bytes that, unlike {@code SecretKeySpec}, can be wiped. JDK ciphers
 * copy the bytes on {@code init}; their internal copies are beyond our reach.
 */
final class RawKey implements SecretKey {
  private final byte[] bytes;
  private final String algorithm;
  private boolean destroyed;

  /** Copies {@code length} bytes of {@code source} from {@code off}. */
  RawKey(byte[] source, int off, int length, String algorithm) {
    this.bytes = Arrays.copyOfRange(source, off, off + length);
    this.algorithm = algorithm;
  }

  RawKey(byte[] source, String algorithm) {
    this(source, 0, source.length, algorithm);
  }

  @Override
  public String getAlgorithm() {
    return algorithm;
  }

  @Override
  public String getFormat() {
    return "RAW";
  }

  @Override
  public byte[] getEncoded() {
    if (destroyed) {
      throw new IllegalStateException("key was destroyed");
    }
    return bytes.clone();
  }

  @Override
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "RawKey[" + algorithm + ", " + bytes.length + " bytes]";
  }
}
