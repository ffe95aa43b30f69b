package io.conclave.cli.media.opus;

import io.conclave.cli.media.MalformedMediaException;

/** The duration and channel flag an Opus packet's TOC byte gives (RFC 6716 §3.1). */
public final class OpusToc {
  /** A packet holds at most 120 ms of audio (RFC 6716 §3.2.5). */
  public static final int MAX_SAMPLES = 5760;

  /** Frame sizes in 48 kHz samples: SILK 10/20/40/60 ms, Hybrid 10/20 ms, CELT 2.5/5/10/20 ms. */
  private static final int[] SILK = {480, 960, 1920, 2880};
  private static final int[] HYBRID = {480, 960};
  private static final int[] CELT = {120, 240, 480, 960};

  private OpusToc() {}

  /**
   * The packet's duration in 48 kHz samples: its configuration's frame size times its frame count
   * (code 0: one frame; 1 and 2: two; 3: the count in the second byte).
   *
   * @throws MalformedMediaException if the packet is empty (RFC 6716 §3.4 [R1]), a code-3 packet
   *     lacks its frame-count byte or counts no frame, or the total exceeds 120 ms ([R5])
   */
  public static int samples(byte[] packet) {
    if (packet.length == 0) {
      throw new MalformedMediaException("empty Opus packet");
    }
    int toc = packet[0] & 0xff;
    int config = toc >>> 3;
    int frameSize = config < 12 ? SILK[config & 3]
        : config < 16 ? HYBRID[config & 1]
        : CELT[config & 3];
    int frames = switch (toc & 3) {
      case 0 -> 1;
      case 1, 2 -> 2;
      default -> {
        if (packet.length < 2) {
          throw new MalformedMediaException("Opus code-3 packet without its frame count");
        }
        yield packet[1] & 0x3f;
      }
    };
    if (frames == 0 || frames * frameSize > MAX_SAMPLES) {
      throw new MalformedMediaException("Opus packet of " + frames + " frames of " + frameSize
          + " samples is not 2.5 to 120 ms");
    }
    return frames * frameSize;
  }

  /** The TOC's stereo flag (bit 2). */
  public static boolean stereo(byte[] packet) {
    return packet.length > 0 && (packet[0] & 0x04) != 0;
  }
}
