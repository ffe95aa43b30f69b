package io.conclave.mls.codec;

import io.conclave.mls.DecodeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the TLS presentation language as RFC 9420 §2.1 uses it, from a byte array.
 *
 * <p>Every read checks the bytes that remain before touching them, and every length prefix is
 * checked against the remaining input and the {@link DecodeLimits} before anything is allocated.
 * All failures are {@link DecodeException}s. A reader is not thread-safe.
 */
public final class TlsReader {
  private final byte[] buf;
  private final int end;
  private final DecodeLimits limits;
  private int pos;

  public TlsReader(byte[] data) {
    this(data, 0, data.length, DecodeLimits.DEFAULT);
  }

  public TlsReader(byte[] data, DecodeLimits limits) {
    this(data, 0, data.length, limits);
  }

  public TlsReader(byte[] data, int offset, int length, DecodeLimits limits) {
    Objects.checkFromIndexSize(offset, length, data.length);
    this.buf = data;
    this.pos = offset;
    this.end = offset + length;
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Decodes exactly one value from {@code data}: trailing bytes are an error.
   *
   * @throws DecodeException if the encoding is invalid or not fully consumed
   */
  public static <T> T decodeFully(byte[] data, TlsDecoder<T> decoder) {
    return decodeFully(data, DecodeLimits.DEFAULT, decoder);
  }

  /** As {@link #decodeFully(byte[], TlsDecoder)}, with explicit limits. */
  public static <T> T decodeFully(byte[] data, DecodeLimits limits, TlsDecoder<T> decoder) {
    TlsReader reader = new TlsReader(data, limits);
    T value = decoder.decode(reader);
    reader.requireEnd();
    return value;
  }

  public DecodeLimits limits() {
    return limits;
  }

  public int remaining() {
    return end - pos;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  /** Current absolute offset in the underlying array (for callers that hash a decoded span). */
  public int position() {
    return pos;
  }

  /** A copy of the bytes between {@code from} (an earlier {@link #position()}) and now. */
  public byte[] bytesSince(int from) {
    if (from < 0 || from > pos) {
      throw new IllegalArgumentException("bad mark " + from);
    }
    byte[] out = new byte[pos - from];
    System.arraycopy(buf, from, out, 0, out.length);
    return out;
  }

  /** Fails unless every byte has been consumed. */
  public void requireEnd() {
    if (pos != end) {
      throw new DecodeException((end - pos) + " trailing bytes after the encoded value");
    }
  }

  private void need(long n, String what) {
    if (n > end - pos) {
      throw new DecodeException("truncated " + what + ": need " + n + " bytes, " + (end - pos) + " remain");
    }
  }

  public int readUint8() {
    need(1, "uint8");
    return buf[pos++] & 0xff;
  }

  public int readUint16() {
    need(2, "uint16");
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  public long readUint32() {
    need(4, "uint32");
    long v = ((long) (buf[pos] & 0xff) << 24)
        | ((buf[pos + 1] & 0xff) << 16)
        | ((buf[pos + 2] & 0xff) << 8)
        | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  /** A uint32 that the caller uses as a non-negative index or count, bounded by {@code max}. */
  public int readUint32AsInt(int max, String what) {
    long v = readUint32();
    if (v > max) {
      throw new DecodeException(what + " " + v + " exceeds " + max);
    }
    return (int) v;
  }

  /** A uint64; values above 2^63-1 come back negative (callers treat the bits as unsigned). */
  public long readUint64() {
    need(8, "uint64");
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  /** A single-byte boolean; only 0 and 1 are valid. */
  public boolean readBoolean() {
    int v = readUint8();
    if (v > 1) {
      throw new DecodeException("invalid boolean " + v);
    }
    return v == 1;
  }

  /**
   * A variable-length integer (RFC 9420 §2.1.2): 1, 2 or 4 bytes, the two top bits giving the
   * length. The prefix {@code 0b11} and non-minimal encodings are invalid.
   */
  public int readVarint() {
    need(1, "varint");
    int first = buf[pos] & 0xff;
    int prefix = first >>> 6;
    switch (prefix) {
      case 0 -> {
        pos += 1;
        return first;
      }
      case 1 -> {
        need(2, "varint");
        int v = ((first & 0x3f) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        if (v < 0x40) {
          throw new DecodeException("non-minimal varint encoding of " + v);
        }
        return v;
      }
      case 2 -> {
        need(4, "varint");
        int v = ((first & 0x3f) << 24)
            | ((buf[pos + 1] & 0xff) << 16)
            | ((buf[pos + 2] & 0xff) << 8)
            | (buf[pos + 3] & 0xff);
        pos += 4;
        if (v < 0x4000) {
          throw new DecodeException("non-minimal varint encoding of " + v);
        }
        return v;
      }
      default -> throw new DecodeException("invalid varint prefix 0b11");
    }
  }

  /** {@code n} raw bytes (a fixed-size array such as {@code opaque x[n]}). */
  public byte[] readFixed(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative length");
    }
    need(n, "fixed-size field");
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  private int readVectorLength() {
    int len = readVarint();
    if (len > limits.maxVectorBytes()) {
      throw new DecodeException("vector of " + len + " bytes exceeds the limit of " + limits.maxVectorBytes());
    }
    need(len, "vector");
    return len;
  }

  /** {@code opaque data<V>}: a varint length, then that many bytes. */
  public byte[] readOpaque() {
    return readFixed(readVectorLength());
  }

  /** {@code opaque data<V>} that must be exactly {@code n} bytes long (e.g. a hash or key). */
  public byte[] readOpaque(int n, String what) {
    byte[] v = readOpaque();
    if (v.length != n) {
      throw new DecodeException(what + " must be " + n + " bytes, got " + v.length);
    }
    return v;
  }

  /**
   * A varint-prefixed vector of elements, {@code T list<V>}. The elements must exactly fill the
   * vector's length.
   */
  public <T> List<T> readList(TlsDecoder<T> element) {
    int len = readVectorLength();
    int listEnd = pos + len;
    TlsReader sub = new TlsReader(buf, pos, len, limits);
    List<T> out = new ArrayList<>(Math.min(len, 16));
    while (sub.hasRemaining()) {
      if (out.size() >= limits.maxListItems()) {
        throw new DecodeException("list exceeds " + limits.maxListItems() + " elements");
      }
      out.add(element.decode(sub));
    }
    pos = listEnd;
    return out;
  }

  /** {@code optional<T>}: a presence byte (0 or 1) and, if 1, the value. */
  public <T> Optional<T> readOptional(TlsDecoder<T> element) {
    return readBoolean() ? Optional.of(element.decode(this)) : Optional.empty();
  }
}
