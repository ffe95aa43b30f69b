package io.conclave.cli.media.opus;

import io.conclave.cli.media.LittleEndian;
import io.conclave.cli.media.MalformedMediaException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The identification header (RFC 7845 §5.1), channel mapping family 0 only: mono or stereo, no
 * mapping table. That covers what browsers and the command line send.
 *
 * <pre>
 *  0  "OpusHead"
 *  8  version (u8): major version in the high 4 bits must be 0; we write 1
 *  9  output channel count (u8): 1 or 2 for family 0
 * 10  pre-skip, in 48 kHz samples (u16)
 * 12  input sample rate, informational (u32)
 * 16  output gain, Q7.8 dB (i16)
 * 18  channel mapping family (u8)
 * </pre>
 */
public record OpusHead(int channels, int preSkip, long inputSampleRate, int outputGain) {
  public static final int LENGTH = 19;
  private static final byte[] MAGIC = "OpusHead".getBytes(StandardCharsets.US_ASCII);

  public OpusHead {
    if (channels < 1 || channels > 2) {
      throw new IllegalArgumentException("channel mapping family 0 has 1 or 2 channels");
    }
    if (preSkip < 0 || preSkip > 0xffff) {
      throw new IllegalArgumentException("pre-skip must be an unsigned 16-bit value");
    }
    if (inputSampleRate < 0 || inputSampleRate > 0xffff_ffffL) {
      throw new IllegalArgumentException("input sample rate must be an unsigned 32-bit value");
    }
    if (outputGain < Short.MIN_VALUE || outputGain > Short.MAX_VALUE) {
      throw new IllegalArgumentException("output gain must be a signed 16-bit value");
    }
  }

  public byte[] encode() {
    byte[] b = new byte[LENGTH];
    System.arraycopy(MAGIC, 0, b, 0, MAGIC.length);
    b[8] = 1;
    b[9] = (byte) channels;
    LittleEndian.put16(b, 10, preSkip);
    LittleEndian.put32(b, 12, inputSampleRate);
    LittleEndian.put16(b, 16, outputGain);
    return b;
  }

  /**
   * Decodes the first packet of the stream. Minor versions may append fields, so a longer packet
   * is accepted and the rest ignored (§5.1).
   *
   * @throws MalformedMediaException if it is not an OpusHead, its major version is not 0, or its
   *     channel mapping is not family 0 with 1 or 2 channels
   */
  public static OpusHead decode(byte[] p) {
    if (p.length < LENGTH || !Arrays.equals(p, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new MalformedMediaException("first Ogg packet is not an OpusHead");
    }
    if ((p[8] & 0xf0) != 0) {
      throw new MalformedMediaException("OpusHead major version " + ((p[8] & 0xff) >>> 4));
    }
    int channels = p[9] & 0xff;
    if (p[18] != 0 || channels < 1 || channels > 2) {
      throw new MalformedMediaException("unsupported Opus channel mapping: family "
          + (p[18] & 0xff) + " with " + channels + " channels");
    }
    return new OpusHead(channels, LittleEndian.u16(p, 10), LittleEndian.u32(p, 12),
        (short) LittleEndian.u16(p, 16));
  }
}
