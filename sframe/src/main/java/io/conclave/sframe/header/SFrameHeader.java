package io.conclave.sframe.header;

import io.conclave.sframe.MalformedFrameException;
import java.util.Objects;

/**
 * An SFrame header (RFC 9605 §4.3): a KID and a CTR, both unsigned 64-bit values held in a
 * {@code long}.
 *
 * <p>The record is for tooling and tests. The frame path uses the static methods, which encode
 * into and decode from caller-owned arrays without allocating: {@link #decodeLength} validates a
 * header, then {@link #keyId} and {@link #counter} read its fields.
 */
public record SFrameHeader(long keyId, long counter) {
  /** Config byte plus at most 8 KID bytes and 8 CTR bytes. */
  public static final int MAX_LENGTH = 17;

  private static final int EXTENDED_KID = 0x80;
  private static final int EXTENDED_CTR = 0x08;

  public int encodedLength() {
    return encodedLength(keyId, counter);
  }

  public byte[] encode() {
    byte[] out = new byte[encodedLength()];
    encode(keyId, counter, out, 0);
    return out;
  }

  /** Decodes the header at the start of {@code in[off, off+len)}; trailing bytes are ignored. */
  public static SFrameHeader decode(byte[] in, int off, int len) {
    decodeLength(in, off, len);
    return new SFrameHeader(keyId(in, off), counter(in, off));
  }

  /** The number of bytes of the header for these values: 1 to {@link #MAX_LENGTH}. */
  public static int encodedLength(long keyId, long counter) {
    return 1 + extraBytes(keyId) + extraBytes(counter);
  }

  /**
   * Writes the header at {@code out[off]} and returns its length.
   *
   * @throws IndexOutOfBoundsException if {@code out} has no room for {@link #encodedLength}
   */
  public static int encode(long keyId, long counter, byte[] out, int off) {
    int kidBytes = extraBytes(keyId);
    int ctrBytes = extraBytes(counter);
    int length = 1 + kidBytes + ctrBytes;
    Objects.checkFromIndexSize(off, length, out.length);
    int config = kidBytes == 0 ? (int) keyId << 4 : EXTENDED_KID | (kidBytes - 1) << 4;
    config |= ctrBytes == 0 ? (int) counter : EXTENDED_CTR | (ctrBytes - 1);
    out[off] = (byte) config;
    writeBigEndian(keyId, kidBytes, out, off + 1);
    writeBigEndian(counter, ctrBytes, out, off + 1 + kidBytes);
    return length;
  }

  /**
   * Validates the header at the start of {@code in[off, off+len)} and returns its length.
   *
   * @throws MalformedFrameException if it is truncated or a value is not minimally encoded
   */
  public static int decodeLength(byte[] in, int off, int len) {
    Objects.checkFromIndexSize(off, len, in.length);
    if (len < 1) {
      throw new MalformedFrameException("SFrame header: empty input");
    }
    int config = in[off] & 0xff;
    int kidBytes = fieldBytes(config >>> 4);
    int ctrBytes = fieldBytes(config);
    int length = 1 + kidBytes + ctrBytes;
    if (length > len) {
      throw new MalformedFrameException(
          "SFrame header: needs " + length + " bytes, only " + len + " present");
    }
    if (kidBytes != 0 && !isMinimal(readBigEndian(in, off + 1, kidBytes), kidBytes)) {
      throw new MalformedFrameException("SFrame header: KID not minimally encoded");
    }
    if (ctrBytes != 0 && !isMinimal(readBigEndian(in, off + 1 + kidBytes, ctrBytes), ctrBytes)) {
      throw new MalformedFrameException("SFrame header: CTR not minimally encoded");
    }
    return length;
  }

  /** The KID of a header already validated by {@link #decodeLength}. */
  public static long keyId(byte[] in, int off) {
    int nibble = (in[off] & 0xff) >>> 4;
    int kidBytes = fieldBytes(nibble);
    return kidBytes == 0 ? nibble : readBigEndian(in, off + 1, kidBytes);
  }

  /** The CTR of a header already validated by {@link #decodeLength}. */
  public static long counter(byte[] in, int off) {
    int config = in[off] & 0xff;
    int ctrBytes = fieldBytes(config);
    if (ctrBytes == 0) {
      return config & 0x07;
    }
    return readBigEndian(in, off + 1 + fieldBytes(config >>> 4), ctrBytes);
  }

  /** Bytes after the config byte for a value: 0 if it fits in three bits. */
  private static int extraBytes(long value) {
    if ((value >>> 3) == 0) {
      return 0;
    }
    return (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) / 8;
  }

  /** Bytes after the config byte announced by a 4-bit X|K (or Y|C) field. */
  private static int fieldBytes(int nibble) {
    return (nibble & 0x08) == 0 ? 0 : (nibble & 0x07) + 1;
  }

  private static boolean isMinimal(long value, int bytes) {
    return extraBytes(value) == bytes;
  }

  private static void writeBigEndian(long value, int bytes, byte[] out, int off) {
    for (int i = bytes - 1; i >= 0; i--) {
      out[off + i] = (byte) value;
      value >>>= 8;
    }
  }

  private static long readBigEndian(byte[] in, int off, int bytes) {
    long value = 0;
    for (int i = 0; i < bytes; i++) {
      value = value << 8 | (in[off + i] & 0xff);
    }
    return value;
  }

  @Override
  public String toString() {
    return "SFrameHeader[kid=" + Long.toUnsignedString(keyId)
        + ", ctr=" + Long.toUnsignedString(counter) + "]";
  }
}
