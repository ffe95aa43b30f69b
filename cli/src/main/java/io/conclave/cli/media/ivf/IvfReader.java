package io.conclave.cli.media.ivf;

import io.conclave.cli.media.LittleEndian;
import io.conclave.cli.media.MalformedMediaException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads an IVF file frame by frame (layout in the package documentation). */
public final class IvfReader implements Closeable {
  /** Larger than any VP8 frame an encoder makes for the sizes Conclave sends. */
  public static final int DEFAULT_MAX_FRAME = 4 << 20;
  private static final int MAX_HEADER = 1024;
  private static final int FRAME_HEADER = 12;

  private final InputStream in;
  private final IvfHeader header;
  private final int maxFrame;

  /**
   * Reads the file header.
   *
   * @param maxFrame the largest payload accepted, in bytes
   * @throws MalformedMediaException if the header is malformed
   */
  public IvfReader(InputStream in, int maxFrame) {
    this.in = in;
    this.maxFrame = maxFrame;
    byte[] b = LittleEndian.readExactly(in, IvfHeader.LENGTH, "IVF header", false);
    header = IvfHeader.decode(b);
    int declared = IvfHeader.declaredLength(b);
    if (declared < IvfHeader.LENGTH || declared > MAX_HEADER) {
      throw new MalformedMediaException("IVF header length " + declared + " out of range");
    }
    LittleEndian.readExactly(in, declared - IvfHeader.LENGTH, "IVF header", false);
  }

  public IvfHeader header() {
    return header;
  }

  /**
   * The next frame, or null at the end of the file.
   *
   * @throws MalformedMediaException if the frame is truncated, too large, or its timestamp cannot
   *     be expressed in microseconds
   */
  public IvfFrame next() {
    byte[] h = LittleEndian.readExactly(in, FRAME_HEADER, "IVF frame header", true);
    if (h == null) {
      return null;
    }
    long size = LittleEndian.u32(h, 0);
    if (size > maxFrame) {
      throw new MalformedMediaException("IVF frame of " + size + " bytes exceeds " + maxFrame);
    }
    long timestamp = LittleEndian.i64(h, 4);
    if (timestamp < 0) {
      throw new MalformedMediaException("IVF frame timestamp is negative");
    }
    long micros;
    try {
      micros = header.toMicros(timestamp);
    } catch (ArithmeticException e) {
      throw new MalformedMediaException("IVF frame timestamp " + timestamp + " out of range");
    }
    return new IvfFrame(timestamp, micros,
        LittleEndian.readExactly(in, (int) size, "IVF frame", false));
  }

  /** Reads a whole file with the default frame bound. */
  public static List<IvfFrame> readAll(Path file) {
    try (IvfReader r = new IvfReader(new BufferedInputStream(Files.newInputStream(file)),
        DEFAULT_MAX_FRAME)) {
      List<IvfFrame> frames = new ArrayList<>();
      for (IvfFrame f = r.next(); f != null; f = r.next()) {
        frames.add(f);
      }
      return frames;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
