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
 *
 * <p>Header bytes 24–27 are read two ways: libvpx reads a frame count, FFmpeg a duration in
 * timebase units. Both readings agree when the timebase is the frame period.
 * {@link #closeAtAverageFrameRate()} therefore rewrites the header's timebase to the stream's
 * average frame period and each frame's timestamp into it, for streams (such as a recording,
 * timed by arrival) whose timestamps are in a finer timebase.
 */
public final class IvfWriter implements Closeable {
  private static final int FRAME_HEADER = 12;
  private static final int FRAME_COUNT_OFFSET = 24;

  private final SeekableByteChannel out;
  private final IvfHeader header;
  private long frames;
  private long lastTimestamp = -1;
  /** Position of each frame's header, and its timestamp. */
  private final java.util.List<long[]> index = new java.util.ArrayList<>();

  public IvfWriter(SeekableByteChannel out, IvfHeader header) throws IOException {
    this.out = out;
    this.header = header;
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
    index.add(new long[] {out.position(), timestamp});
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

  /**
   * Closes the file with a header whose timebase is the average frame period (in thousandths, so
   * 29.97 fps stays exact enough) and whose frame count is the number of frames; each timestamp is
   * rescaled to that timebase, keeping gaps (a paused stream stays paused) and never going
   * backwards. The header then gives the right frame count, frame rate and duration (frame count
   * times the frame period) to libvpx and FFmpeg alike. With fewer than two frames, or frames that
   * all share one timestamp, the timebase is kept.
   */
  public void closeAtAverageFrameRate() throws IOException {
    try (out) {
      long n = index.size();
      long span = n < 2 ? 0 : index.getLast()[1] - index.getFirst()[1];
      if (span <= 0) {
        writeHeader(header, n);
        return;
      }
      // The stream lasts span × n/(n−1) units: n frames of the average period each.
      // Frame rate in frames per 1000 s = n × 1000 / duration(s) = (n−1) × 1000 × den / (span × num).
      java.math.BigInteger rate = java.math.BigInteger.valueOf(n - 1).multiply(java.math.BigInteger.valueOf(1000L * header.timebaseDenominator()));
      java.math.BigInteger perSpan = java.math.BigInteger.valueOf(span).multiply(java.math.BigInteger.valueOf(header.timebaseNumerator()));
      long fpsMillis = Math.max(1, Math.min(0xffff_ffffL, rate.add(perSpan.shiftRight(1)).divide(perSpan).longValue()));
      IvfHeader retimed = new IvfHeader(header.fourcc(), header.width(), header.height(), fpsMillis, 1000, n);
      long first = index.getFirst()[1];
      long previous = -1;
      for (long[] frame : index) {
        // (t − first) units × num/den s × fpsMillis/1000 frames per s, rounded.
        java.math.BigInteger num = java.math.BigInteger.valueOf(frame[1] - first)
            .multiply(java.math.BigInteger.valueOf(header.timebaseNumerator() * fpsMillis));
        java.math.BigInteger den = java.math.BigInteger.valueOf(header.timebaseDenominator() * 1000);
        long t = Math.max(previous, num.add(den.shiftRight(1)).divide(den).longValue());
        previous = t;
        byte[] ts = new byte[8];
        LittleEndian.put64(ts, 0, t);
        out.position(frame[0] + 4);
        write(ts);
      }
      writeHeader(retimed, n);
    }
  }

  private void writeHeader(IvfHeader h, long count) throws IOException {
    IvfHeader withCount = new IvfHeader(h.fourcc(), h.width(), h.height(), h.timebaseDenominator(), h.timebaseNumerator(),
        Math.min(count, 0xffff_ffffL));
    out.position(0);
    write(withCount.encode());
  }

  private void write(byte[] b) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b);
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }
}
