package io.conclave.cli.media.ivf;

import java.util.Objects;

/**
 * One frame of an IVF file.
 *
 * @param timestamp in the file's timebase units
 * @param timestampMicros the same instant in microseconds
 * @param payload the encoded frame, not copied
 */
public record IvfFrame(long timestamp, long timestampMicros, byte[] payload) {
  public IvfFrame {
    Objects.requireNonNull(payload, "payload");
  }

  /** True if this is a VP8 keyframe; meaningful for VP8 files only. */
  public boolean vp8Keyframe() {
    return Vp8.isKeyframe(payload);
  }
}
