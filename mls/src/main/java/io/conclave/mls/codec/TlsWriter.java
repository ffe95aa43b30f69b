package io.conclave.mls.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Writes the TLS presentation language (RFC 9420 §2.1) into a growing byte array.
 *
 * <p>Vectors are written by reserving the length prefix after the body is known: the body is
 * written in place and then shifted by the prefix size, so nested vectors need no extra buffers.
 */
public final class TlsWriter {
  /** Largest length a varint can carry (RFC 9420 §2.1.2: 30 bits). */
  public static final int MAX_VARINT = (1 << 30) - 1;

  private byte[] buf;
  private int pos;

  public TlsWriter() {
    this(64);
  }

  public TlsWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int n) {
    if (buf.length - pos < n) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  public int size() {
    return pos;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  public TlsWriter writeUint8(int v) {
    if ((v & ~0xff) != 0) {
      throw new IllegalArgumentException("uint8 out of range: " + v);
    }
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  public TlsWriter writeUint16(int v) {
    if ((v & ~0xffff) != 0) {
      throw new IllegalArgumentException("uint16 out of range: " + v);
    }
    ensure(2);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  public TlsWriter writeUint32(long v) {
    if ((v & ~0xffffffffL) != 0) {
      throw new IllegalArgumentException("uint32 out of range: " + v);
    }
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  public TlsWriter writeUint64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (v >>> shift);
    }
    return this;
  }

  public TlsWriter writeBoolean(boolean v) {
    return writeUint8(v ? 1 : 0);
  }

  /** Minimal variable-length integer encoding (RFC 9420 §2.1.2). */
  public TlsWriter writeVarint(int v) {
    if (v < 0 || v > MAX_VARINT) {
      throw new IllegalArgumentException("varint out of range: " + v);
    }
    if (v < 0x40) {
      return writeUint8(v);
    } else if (v < 0x4000) {
      return writeUint16(0x4000 | v);
    } else {
      return writeUint32(0x80000000L | v);
    }
  }

  static int varintSize(int v) {
    return v < 0x40 ? 1 : v < 0x4000 ? 2 : 4;
  }

  /** Raw bytes with no length prefix ({@code opaque x[n]}). */
  public TlsWriter writeFixed(byte[] v) {
    return writeFixed(v, 0, v.length);
  }

  public TlsWriter writeFixed(byte[] v, int off, int len) {
    ensure(len);
    System.arraycopy(v, off, buf, pos, len);
    pos += len;
    return this;
  }

  /** {@code opaque data<V>}. */
  public TlsWriter writeOpaque(byte[] v) {
    writeVarint(v.length);
    return writeFixed(v);
  }

  /** A varint-prefixed vector whose body {@code body} writes. */
  public TlsWriter writeVector(Consumer<TlsWriter> body) {
    int start = pos;
    body.accept(this);
    int len = pos - start;
    int prefix = varintSize(len);
    ensure(prefix);
    System.arraycopy(buf, start, buf, start + prefix, len);
    pos = start;
    writeVarint(len);
    pos = start + prefix + len;
    return this;
  }

  /** {@code T list<V>} of encodable elements. */
  public TlsWriter writeList(List<? extends TlsEncodable> items) {
    return writeVector(w -> {
      for (TlsEncodable item : items) {
        item.encode(w);
      }
    });
  }

  /** {@code T list<V>} with a caller-supplied element writer. */
  public <T> TlsWriter writeList(List<T> items, BiConsumer<TlsWriter, T> element) {
    return writeVector(w -> {
      for (T item : items) {
        element.accept(w, item);
      }
    });
  }

  /** {@code optional<T>}. */
  public <T extends TlsEncodable> TlsWriter writeOptional(Optional<T> value) {
    writeBoolean(value.isPresent());
    value.ifPresent(v -> v.encode(this));
    return this;
  }

  public TlsWriter write(TlsEncodable value) {
    value.encode(this);
    return this;
  }
}
