package io.conclave.cli.record;

import io.conclave.cli.media.ivf.IvfHeader;
import io.conclave.cli.media.ivf.IvfWriter;
import io.conclave.cli.media.ivf.Vp8;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A VP8 track written to IVF, created at its first keyframe (which gives the picture size,
 * RFC 6386 §9.1), timed in milliseconds of arrival while it is written; on close the header gets
 * the frame count and the average frame rate, and the timestamps are rescaled to it
 * ({@link IvfWriter#closeAtAverageFrameRate()}), so players show the right frame count and duration.
 */
final class IvfTrackFile implements TrackFile {
  private final Path path;
  private IvfWriter writer;
  private long startNanos;
  private long lastMillis;

  IvfTrackFile(Path path) {
    this.path = path;
  }

  @Override
  public boolean write(boolean keyframe, byte[] payload, long arrivalNanos) throws IOException {
    if (writer == null) {
      int[] size = Vp8.keyframeSize(payload);
      if (!keyframe || size == null) {
        return false;
      }
      writer = IvfWriter.create(path, IvfHeader.vp8Millis(size[0], size[1]));
      startNanos = arrivalNanos;
    }
    lastMillis = Math.max(lastMillis, (arrivalNanos - startNanos) / 1_000_000);
    writer.write(lastMillis, payload);
    return true;
  }

  @Override
  public long written() {
    return writer == null ? 0 : writer.frameCount();
  }

  @Override
  public void close() throws IOException {
    if (writer != null) {
      writer.closeAtAverageFrameRate();
    }
  }
}
