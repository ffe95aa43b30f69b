package io.conclave.cli.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Little-endian field access and exact reads shared by the IVF and Ogg codecs. */
public final class LittleEndian {
  private LittleEndian() {}

  public static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  public static long u32(byte[] b, int off) {
    return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16
        | (b[off + 3] & 0xffL) << 24;
  }

  public static long i64(byte[] b, int off) {
    return u32(b, off) | u32(b, off + 4) << 32;
  }

  public static void put16(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }

  public static void put32(byte[] b, int off, long v) {
    put16(b, off, (int) v);
    put16(b, off + 2, (int) (v >>> 16));
  }

  public static void put64(byte[] b, int off, long v) {
    put32(b, off, v);
    put32(b, off + 4, v >>> 32);
  }

  /**
   * Reads exactly {@code len} bytes. {@link InputStream#readNBytes(int)} grows its buffer as data
   * arrives, so a length field that lies costs no more memory than the file holds.
   *
   * @return the bytes, or null if the stream was already at its end and {@code eofAllowed}
   * @throws MalformedMediaException if the stream ends part way
   */
  public static byte[] readExactly(InputStream in, int len, String what, boolean eofAllowed) {
    try {
      byte[] b = in.readNBytes(len);
      if (b.length == 0 && len > 0 && eofAllowed) {
        return null;
      }
      if (b.length != len) {
        throw new MalformedMediaException(what + " truncated: " + b.length + " of " + len + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
