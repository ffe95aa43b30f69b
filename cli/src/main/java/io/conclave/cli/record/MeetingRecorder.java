package io.conclave.cli.record;

import io.conclave.sframe.media.Track;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Routes decrypted frames to one file per participant and track under a directory:
 * {@code NAME-LEAF-audio.ogg}, {@code NAME-LEAF-camera.ivf}, {@code NAME-LEAF-screen.ivf}, the
 * name reduced to letters, digits, '-' and '_'. Thread-safe; frames that arrive after {@link
 * #close()} are dropped, since a client's event thread may still deliver some.
 */
public final class MeetingRecorder implements Closeable {
  private final Path dir;
  private final Map<String, TrackFile> files = new LinkedHashMap<>();
  private long skipped;
  private boolean closed;

  public MeetingRecorder(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /**
   * Records one frame.
   *
   * @param arrivalNanos when it arrived, on {@link System#nanoTime()}'s clock
   */
  public synchronized void frame(int leaf, String name, Track track, boolean keyframe, byte[] payload,
      long arrivalNanos) {
    if (closed) {
      return;
    }
    String base = safe(name) + "-" + leaf + "-";
    String file = base + switch (track) {
      case AUDIO -> "audio.ogg";
      case CAMERA_VIDEO -> "camera.ivf";
      case SCREEN_VIDEO -> "screen.ivf";
    };
    TrackFile t = files.computeIfAbsent(file, f -> track == Track.AUDIO
        ? new OpusTrackFile(dir.resolve(f), f.hashCode()) : new IvfTrackFile(dir.resolve(f)));
    try {
      if (!t.write(keyframe, payload, arrivalNanos)) {
        skipped++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File name to frames written so far. */
  public synchronized Map<String, Long> written() {
    Map<String, Long> out = new LinkedHashMap<>();
    files.forEach((f, t) -> out.put(f, t.written()));
    return out;
  }

  /** Frames not written: video before its first keyframe, audio that is not a valid Opus packet. */
  public synchronized long skipped() {
    return skipped;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    IOException first = null;
    for (TrackFile t : files.values()) {
      try {
        t.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static String safe(String name) {
    String s = name == null ? "" : name.replaceAll("[^A-Za-z0-9_-]", "_");
    return s.isEmpty() ? "participant" : s.substring(0, Math.min(s.length(), 40));
  }
}
