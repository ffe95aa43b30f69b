package io.conclave.cli.bot;

import io.conclave.sframe.media.Track;
import java.util.Objects;

/**
 * An encoded frame and when to send it within one pass over its file.
 *
 * @param offsetMicros from the start of the file's first frame
 * @param payload not copied
 */
public record TimedFrame(Track track, boolean keyframe, long offsetMicros, byte[] payload) {
  public TimedFrame {
    Objects.requireNonNull(track, "track");
    Objects.requireNonNull(payload, "payload");
    if (offsetMicros < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
  }
}
