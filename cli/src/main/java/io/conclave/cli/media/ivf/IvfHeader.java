package io.conclave.cli.media.ivf;

import io.conclave.cli.media.LittleEndian;
import io.conclave.cli.media.MalformedMediaException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The IVF file header (see the package documentation for its layout).
 *
 * @param fourcc the codec, four ASCII characters ("VP80")
 * @param timebaseDenominator frames' timestamps count units of numerator/denominator seconds
 * @param frameCount as the header states it; writers that stream may leave it 0
 */
public record IvfHeader(String fourcc, int width, int height, long timebaseDenominator,
    long timebaseNumerator, long frameCount) {
  public static final int LENGTH = 32;
  public static final String VP8 = "VP80";

  private static final byte[] SIGNATURE = "DKIF".getBytes(StandardCharsets.US_ASCII);

  public IvfHeader {
    if (fourcc == null || fourcc.length() != 4 || !StandardCharsets.US_ASCII.newEncoder().canEncode(fourcc)) {
      throw new IllegalArgumentException("fourcc must be four ASCII characters");
    }
    requireU16(width, "width");
    requireU16(height, "height");
    requireU32(timebaseDenominator, "timebase denominator");
    requireU32(timebaseNumerator, "timebase numerator");
    if (timebaseDenominator == 0 || timebaseNumerator == 0) {
      throw new IllegalArgumentException("timebase must be non-zero");
    }
    requireU32(frameCount, "frame count");
  }

  /** A VP8 header with a millisecond timebase. */
  public static IvfHeader vp8Millis(int width, int height) {
    return new IvfHeader(VP8, width, height, 1000, 1, 0);
  }

  /**
   * Converts a frame timestamp to microseconds, rounding down.
   *
   * @throws ArithmeticException if the result does not fit in a long
   */
  public long toMicros(long timestamp) {
    return BigInteger.valueOf(timestamp).multiply(BigInteger.valueOf(1_000_000L * timebaseNumerator))
        .divide(BigInteger.valueOf(timebaseDenominator)).longValueExact();
  }

  public byte[] encode() {
    byte[] b = new byte[LENGTH];
    System.arraycopy(SIGNATURE, 0, b, 0, 4);
    LittleEndian.put16(b, 4, 0);
    LittleEndian.put16(b, 6, LENGTH);
    System.arraycopy(fourcc.getBytes(StandardCharsets.US_ASCII), 0, b, 8, 4);
    LittleEndian.put16(b, 12, width);
    LittleEndian.put16(b, 14, height);
    LittleEndian.put32(b, 16, timebaseDenominator);
    LittleEndian.put32(b, 20, timebaseNumerator);
    LittleEndian.put32(b, 24, frameCount);
    return b;
  }

  /**
   * Decodes the first 32 bytes of a file. A header longer than 32 bytes is allowed by the format;
   * its length is returned by {@link #declaredLength(byte[])} so the reader can skip the rest.
   */
  public static IvfHeader decode(byte[] b) {
    if (b.length < LENGTH) {
      throw new MalformedMediaException("IVF header truncated");
    }
    for (int i = 0; i < 4; i++) {
      if (b[i] != SIGNATURE[i]) {
        throw new MalformedMediaException("not an IVF file: no DKIF signature");
      }
    }
    if (LittleEndian.u16(b, 4) != 0) {
      throw new MalformedMediaException("IVF version " + LittleEndian.u16(b, 4) + " is not 0");
    }
    for (int i = 8; i < 12; i++) {
      if (b[i] < 0x20 || b[i] > 0x7e) {
        throw new MalformedMediaException("IVF FourCC is not printable ASCII");
      }
    }
    long den = LittleEndian.u32(b, 16);
    long num = LittleEndian.u32(b, 20);
    if (den == 0 || num == 0) {
      throw new MalformedMediaException("IVF timebase " + num + "/" + den + " has a zero term");
    }
    return new IvfHeader(new String(b, 8, 4, StandardCharsets.US_ASCII), LittleEndian.u16(b, 12),
        LittleEndian.u16(b, 14), den, num, LittleEndian.u32(b, 24));
  }

  static int declaredLength(byte[] b) {
    return LittleEndian.u16(b, 6);
  }

  private static void requireU16(int v, String what) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException(what + " must be an unsigned 16-bit value");
    }
  }

  private static void requireU32(long v, String what) {
    if (v < 0 || v > 0xffff_ffffL) {
      throw new IllegalArgumentException(what + " must be an unsigned 32-bit value");
    }
  }
}
