package io.conclave.server.media;

/**
 * Bounds of one receiver's queue. Video may fill only {@code videoShare} of it, so that when a
 * receiver falls behind its video is dropped while audio still has room.
 *
 * @param maxFrames frames queued at most
 * @param maxBytes bytes queued at most
 * @param videoShare the fraction (0, 1] of both bounds that video may use
 */
public record QueueLimits(int maxFrames, int maxBytes, double videoShare) {
  public static final QueueLimits DEFAULT = new QueueLimits(256, 2 << 20, 0.5);

  public QueueLimits {
    if (maxFrames < 1 || maxBytes < 1 || !(videoShare > 0 && videoShare <= 1)) {
      throw new IllegalArgumentException("invalid queue limits");
    }
  }

  boolean fits(int frames, int bytes, boolean video) {
    double share = video ? videoShare : 1.0;
    return frames <= maxFrames * share && bytes <= maxBytes * share;
  }
}
