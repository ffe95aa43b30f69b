package io.conclave.cli.record;

import io.conclave.cli.media.MalformedMediaException;
import io.conclave.cli.media.opus.OggOpusWriter;
import io.conclave.cli.media.opus.OpusHead;
import io.conclave.cli.media.opus.OpusToc;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An Opus track written to Ogg, created at its first valid packet, whose TOC gives the channel
 * count. The sender's pre-skip is not on the wire; 312 samples is what libopus (and so browsers)
 * use at 48 kHz.
 */
final class OpusTrackFile implements TrackFile {
  static final int PRE_SKIP = 312;

  private final Path path;
  private final long serial;
  private OggOpusWriter writer;
  private long written;

  OpusTrackFile(Path path, long serial) {
    this.path = path;
    this.serial = serial;
  }

  @Override
  public boolean write(boolean keyframe, byte[] payload, long arrivalNanos) throws IOException {
    try {
      OpusToc.samples(payload);
    } catch (MalformedMediaException e) {
      return false;
    }
    if (writer == null) {
      writer = OggOpusWriter.create(path, serial,
          new OpusHead(OpusToc.stereo(payload) ? 2 : 1, PRE_SKIP, 48_000, 0), "conclave recorder");
    }
    writer.write(payload);
    written++;
    return true;
  }

  @Override
  public long written() {
    return written;
  }

  @Override
  public void close() throws IOException {
    if (writer != null) {
      writer.close();
    }
  }
}
