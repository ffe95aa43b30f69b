package io.conclave.sframe.media;

import io.conclave.sframe.MalformedFrameException;
import java.util.Objects;

/**
 * The 8-byte clear-text header of a Conclave media frame (docs/PROTOCOL.md, "Media frames"). The
 * relay reads it to route and drop layers; it is the SFrame metadata (RFC 9605 §4.4.3, §9.4), so
 * any change to it makes decryption fail.
 *
 * <pre>
 *  byte 0   version = 1
 *  byte 1   track: 0 audio, 1 camera video, 2 screen video; others reserved
 *  byte 2   flags: bit 0 (0x01) keyframe; bits 1-7 reserved, zero
 *  byte 3   layer: spatial &lt;&lt; 4 | temporal
 *  byte 4-7 sequence, unsigned 32-bit big-endian, per sender per track
 * </pre>
 *
 * @param spatialLayer 0 to 15
 * @param temporalLayer 0 to 15
 * @param sequence 0 to 2^32 - 1; wraps to 0 after that (the caller's choice)
 */
public record MediaFrameHeader(
    Track track, boolean keyframe, int spatialLayer, int temporalLayer, long sequence) {
  public static final int LENGTH = 8;
  public static final int VERSION = 1;

  private static final int KEYFRAME = 0x01;

  public MediaFrameHeader {
    Objects.requireNonNull(track, "track");
    if (spatialLayer < 0 || spatialLayer > 15 || temporalLayer < 0 || temporalLayer > 15) {
      throw new IllegalArgumentException("layers must be 0..15");
    }
    if ((sequence >>> 32) != 0) {
      throw new IllegalArgumentException("sequence must be an unsigned 32-bit value");
    }
  }

  /** Writes the 8 bytes at {@code out[off]}. */
  public void encodeTo(byte[] out, int off) {
    Objects.checkFromIndexSize(off, LENGTH, out.length);
    out[off] = VERSION;
    out[off + 1] = (byte) track.code();
    out[off + 2] = (byte) (keyframe ? KEYFRAME : 0);
    out[off + 3] = (byte) (spatialLayer << 4 | temporalLayer);
    out[off + 4] = (byte) (sequence >>> 24);
    out[off + 5] = (byte) (sequence >>> 16);
    out[off + 6] = (byte) (sequence >>> 8);
    out[off + 7] = (byte) sequence;
  }

  /**
   * Reads the header at the start of {@code in[off, off+len)}. Before the frame is decrypted these
   * values are unauthenticated and may only be used to route it (RFC 9605 §9.4).
   *
   * @throws MalformedFrameException if it is truncated, of another version, or uses reserved values
   */
  public static MediaFrameHeader decode(byte[] in, int off, int len) {
    validate(in, off, len);
    int layer = in[off + 3] & 0xff;
    long sequence = (in[off + 4] & 0xffL) << 24 | (in[off + 5] & 0xff) << 16
        | (in[off + 6] & 0xff) << 8 | (in[off + 7] & 0xff);
    return new MediaFrameHeader(Track.fromCode(in[off + 1] & 0xff),
        (in[off + 2] & KEYFRAME) != 0, layer >>> 4, layer & 0x0f, sequence);
  }

  /** {@link #decode} without building the record. */
  static void validate(byte[] in, int off, int len) {
    Objects.checkFromIndexSize(off, len, in.length);
    if (len < LENGTH) {
      throw new MalformedFrameException("media frame: " + len + " bytes, shorter than its header");
    }
    if (in[off] != VERSION) {
      throw new MalformedFrameException("media frame: unknown version " + (in[off] & 0xff));
    }
    Track.fromCode(in[off + 1] & 0xff);
    if ((in[off + 2] & ~KEYFRAME) != 0) {
      throw new MalformedFrameException("media frame: reserved flag bits set");
    }
  }
}
