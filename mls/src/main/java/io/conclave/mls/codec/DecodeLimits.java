package io.conclave.mls.codec;

/**
 * Upper bounds a {@link TlsReader} enforces before it allocates anything.
 *
 * <p>A decoder never trusts a length prefix: every length is checked against the bytes that remain
 * and against these bounds first.
 *
 * @param maxVectorBytes largest variable-length vector (opaque or list body) accepted
 * @param maxListItems largest number of elements accepted in one list
 */
public record DecodeLimits(int maxVectorBytes, int maxListItems) {

  /** 16 MiB per vector, 65,536 list elements: enough for a 1,000-member ratchet tree. */
  public static final DecodeLimits DEFAULT = new DecodeLimits(16 << 20, 1 << 16);

  public DecodeLimits {
    if (maxVectorBytes < 0 || maxListItems < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }
}
