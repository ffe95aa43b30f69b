package io.conclave.cli.media.ivf;

import io.conclave.cli.media.LittleEndian;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes an IVF file. The header's frame count is written as 0 and set on {@link #close()}, so a
 * file cut short by a crash is still readable.
 */
public final class IvfWriter implements Closeable {
  private static final int FRAME_HEADER = 12;
  private static final int FRAME_COUNT_OFFSET = 24;

  private final SeekableByteChannel out;
  private long frames;
  private long lastTimestamp = -1;

  public IvfWriter(SeekableByteChannel out, IvfHeader header) throws IOException {
    this.out = out;
    write(header.encode());
  }

  public static IvfWriter create(Path file, IvfHeader header) throws IOException {
    return new IvfWriter(Files.newByteChannel(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), header);
  }

  /**
   * Appends a frame.
   *
   * @param timestamp in the header's timebase; must not go backwards
   */
  public void write(long timestamp, byte[] payload) throws IOException {
    if (timestamp < lastTimestamp) {
      throw new IllegalArgumentException("timestamp " + timestamp + " before " + lastTimestamp);
    }
    lastTimestamp = timestamp;
    byte[] h = new byte[FRAME_HEADER];
    LittleEndian.put32(h, 0, payload.length);
    LittleEndian.put64(h, 4, timestamp);
    write(h);
    write(payload);
    frames++;
  }

  public long frameCount() {
    return frames;
  }

  @Override
  public void close() throws IOException {
    try (out) {
      byte[] count = new byte[4];
      LittleEndian.put32(count, 0, Math.min(frames, 0xffff_ffffL));
      out.position(FRAME_COUNT_OFFSET);
      write(count);
    }
  }

  private void write(byte[] b) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b);
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }
}
