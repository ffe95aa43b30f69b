package io.conclave.cli.bot;

import io.conclave.cli.media.MalformedMediaException;
import io.conclave.cli.media.ivf.IvfFrame;
import io.conclave.cli.media.ivf.IvfHeader;
import io.conclave.cli.media.ivf.IvfReader;
import io.conclave.cli.media.opus.OggOpusReader;
import io.conclave.cli.media.opus.OpusPacket;
import io.conclave.sframe.media.Track;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One file's frames, ready to loop: offsets start at 0 and {@link #periodMicros()} is the time
 * from the first frame of one pass to the first frame of the next (the last frame's offset plus
 * its duration).
 */
public record MediaLoop(Track track, List<TimedFrame> frames, long periodMicros) {
  public MediaLoop {
    frames = List.copyOf(frames);
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a media loop needs at least one frame");
    }
    if (periodMicros <= frames.getLast().offsetMicros()) {
      throw new IllegalArgumentException("period must end after the last frame");
    }
  }

  /**
   * Loads a file by its signature: IVF with VP8 becomes the camera track, Ogg Opus the audio
   * track.
   *
   * @throws MalformedMediaException if it is neither, or is malformed, or holds no frame
   */
  public static MediaLoop load(Path file) throws IOException {
    byte[] magic;
    try (InputStream in = Files.newInputStream(file)) {
      magic = in.readNBytes(4);
    }
    String signature = new String(magic, StandardCharsets.US_ASCII);
    return switch (signature) {
      case "DKIF" -> vp8(file);
      case "OggS" -> opus(file);
      default -> throw new MalformedMediaException(file + " is neither IVF nor Ogg");
    };
  }

  private static MediaLoop vp8(Path file) throws IOException {
    List<TimedFrame> frames = new ArrayList<>();
    try (IvfReader r = new IvfReader(new BufferedInputStream(Files.newInputStream(file)), IvfReader.DEFAULT_MAX_FRAME)) {
      if (!r.header().fourcc().equals(IvfHeader.VP8)) {
        throw new MalformedMediaException(file + " holds " + r.header().fourcc() + ", not VP8");
      }
      long first = -1;
      for (IvfFrame f = r.next(); f != null; f = r.next()) {
        first = first < 0 ? f.timestampMicros() : first;
        if (f.timestampMicros() < first) {
          throw new MalformedMediaException(file + ": timestamps go backwards");
        }
        frames.add(new TimedFrame(Track.CAMERA_VIDEO, f.vp8Keyframe(), f.timestampMicros() - first, f.payload()));
      }
    }
    requireFrames(frames, file);
    long last = frames.getLast().offsetMicros();
    long frameDuration = frames.size() > 1 ? Math.max(1, last / (frames.size() - 1)) : 33_333;
    return new MediaLoop(Track.CAMERA_VIDEO, frames, last + frameDuration);
  }

  private static MediaLoop opus(Path file) throws IOException {
    List<TimedFrame> frames = new ArrayList<>();
    long end = 0;
    try (OggOpusReader r = new OggOpusReader(new BufferedInputStream(Files.newInputStream(file)),
        OggOpusReader.DEFAULT_MAX_PACKET)) {
      long first = -1;
      for (OpusPacket p = r.next(); p != null; p = r.next()) {
        first = first < 0 ? p.granuleStart() : first;
        long offset = (p.granuleStart() - first) * 1_000_000L / 48_000;
        frames.add(new TimedFrame(Track.AUDIO, false, offset, p.data()));
        end = (p.granuleStart() + p.samples() - first) * 1_000_000L / 48_000;
      }
    }
    requireFrames(frames, file);
    return new MediaLoop(Track.AUDIO, frames, end);
  }

  private static void requireFrames(List<TimedFrame> frames, Path file) {
    if (frames.isEmpty()) {
      throw new MalformedMediaException(file + " holds no frame");
    }
  }
}
