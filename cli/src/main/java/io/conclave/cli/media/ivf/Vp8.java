package io.conclave.cli.media.ivf;

/**
 * The VP8 frame tag and keyframe start code (RFC 6386 §9.1): enough to tell keyframes and read
 * the picture size without decoding.
 */
public final class Vp8 {
  private static final int KEYFRAME_HEADER = 10;

  private Vp8() {}

  /** Bit 0 of the frame tag is 0 for a keyframe (RFC 6386 §9.1, {@code key_frame}). */
  public static boolean isKeyframe(byte[] frame) {
    return frame.length > 0 && (frame[0] & 0x01) == 0;
  }

  /**
   * The width and height of a keyframe (the low 14 bits of the two 16-bit fields after the start
   * code; the top 2 bits are the scaling mode), or null if {@code frame} is not a keyframe with a
   * valid start code 0x9d 0x01 0x2a.
   */
  public static int[] keyframeSize(byte[] frame) {
    if (!isKeyframe(frame) || frame.length < KEYFRAME_HEADER
        || (frame[3] & 0xff) != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a) {
      return null;
    }
    int width = ((frame[6] & 0xff) | (frame[7] & 0xff) << 8) & 0x3fff;
    int height = ((frame[8] & 0xff) | (frame[9] & 0xff) << 8) & 0x3fff;
    return new int[] {width, height};
  }
}
