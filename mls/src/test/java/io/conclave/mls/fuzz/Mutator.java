package io.conclave.mls.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Byte-level mutations that know how the TLS presentation language of RFC 9420 encodes lengths:
 * bit flips, interesting byte values, truncation, extension, insertion, deletion, duplicated
 * regions, splicing from other valid messages, and QUIC-style varint length prefixes (§2.1.2) set to
 * zero, off by one, to the remaining length, non-minimal, huge or to the invalid 8-byte form.
 */
final class Mutator {
  private static final int[] INTERESTING_BYTES = {0x00, 0x01, 0x02, 0x03, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xfe,
      0xff};
  private static final int MAX_LENGTH = 1 << 20;

  private Mutator() {}

  /** One to four stacked mutations of {@code seed}; {@code pool} supplies bytes for splicing. */
  static byte[] mutate(byte[] seed, SplittableRandom rnd, List<byte[]> pool) {
    byte[] b = seed;
    int rounds = 1 + rnd.nextInt(4);
    for (int i = 0; i < rounds; i++) {
      b = once(b, rnd, pool);
      if (b.length > MAX_LENGTH) {
        b = java.util.Arrays.copyOf(b, MAX_LENGTH);
      }
    }
    return b;
  }

  private static byte[] once(byte[] b, SplittableRandom rnd, List<byte[]> pool) {
    if (b.length == 0) {
      return randomBytes(rnd, 1 + rnd.nextInt(8));
    }
    int n = b.length;
    switch (rnd.nextInt(12)) {
      case 0 -> { // bit flips
        byte[] out = b.clone();
        int flips = 1 + rnd.nextInt(3);
        for (int i = 0; i < flips; i++) {
          int p = rnd.nextInt(n);
          out[p] ^= (byte) (1 << rnd.nextInt(8));
        }
        return out;
      }
      case 1 -> { // interesting byte
        byte[] out = b.clone();
        out[rnd.nextInt(n)] = (byte) INTERESTING_BYTES[rnd.nextInt(INTERESTING_BYTES.length)];
        return out;
      }
      case 2 -> { // random byte
        byte[] out = b.clone();
        out[rnd.nextInt(n)] = (byte) rnd.nextInt(256);
        return out;
      }
      case 3 -> { // truncate
        return java.util.Arrays.copyOf(b, rnd.nextInt(n));
      }
      case 4 -> { // extend at the end
        return concat(b, randomBytes(rnd, 1 + rnd.nextInt(16)), new byte[0]);
      }
      case 5 -> { // insert random bytes
        int p = rnd.nextInt(n + 1);
        return concat(slice(b, 0, p), randomBytes(rnd, 1 + rnd.nextInt(8)), slice(b, p, n));
      }
      case 6 -> { // delete a range
        int p = rnd.nextInt(n);
        int len = 1 + rnd.nextInt(Math.min(n - p, 64));
        return concat(slice(b, 0, p), new byte[0], slice(b, p + len, n));
      }
      case 7 -> { // duplicate a range in place (repeated list elements, repeated extensions)
        int p = rnd.nextInt(n);
        int len = 1 + rnd.nextInt(Math.min(n - p, 256));
        return concat(slice(b, 0, p + len), slice(b, p, p + len), slice(b, p + len, n));
      }
      case 8 -> { // splice a region of another valid message over or into this one
        byte[] other = pool.get(rnd.nextInt(pool.size()));
        if (other.length == 0) {
          return b;
        }
        int q = rnd.nextInt(other.length);
        int len = 1 + rnd.nextInt(Math.min(other.length - q, 256));
        int p = rnd.nextInt(n + 1);
        boolean overwrite = rnd.nextBoolean();
        return concat(slice(b, 0, p), slice(other, q, q + len), slice(b, Math.min(n, overwrite ? p + len : p), n));
      }
      case 9, 10 -> { // varint length prefix edit
        return varint(b, rnd);
      }
      default -> { // 16- or 32-bit field set to a boundary value
        byte[] out = b.clone();
        int width = rnd.nextBoolean() ? 2 : 4;
        if (n < width) {
          return out;
        }
        int p = rnd.nextInt(n - width + 1);
        int v = rnd.nextInt(4);
        for (int i = 0; i < width; i++) {
          out[p + i] = switch (v) {
            case 0 -> 0;
            case 1 -> (byte) 0xff;
            case 2 -> (byte) (i == width - 1 ? 1 : 0);
            default -> (byte) (i == 0 ? 0x7f : 0xff);
          };
        }
        return out;
      }
    }
  }

  /** Rewrites the varint at a random offset (decoded loosely) to a hostile length. */
  private static byte[] varint(byte[] b, SplittableRandom rnd) {
    int n = b.length;
    int p = rnd.nextInt(n);
    int prefix = (b[p] & 0xff) >>> 6;
    int oldWidth = prefix == 3 ? 8 : 1 << prefix;
    if (p + oldWidth > n) {
      oldWidth = n - p;
    }
    long old = 0;
    if (oldWidth >= 1) {
      old = b[p] & 0x3f;
      for (int i = 1; i < oldWidth; i++) {
        old = (old << 8) | (b[p + i] & 0xff);
      }
    }
    long remaining = n - p - oldWidth;
    long value = switch (rnd.nextInt(8)) {
      case 0 -> 0;
      case 1 -> old + 1;
      case 2 -> Math.max(0, old - 1);
      case 3 -> remaining;
      case 4 -> remaining + 1;
      case 5 -> (1L << 30) - 1; // largest 4-byte varint
      case 6 -> 1L << 24;
      default -> rnd.nextInt(1 << 14);
    };
    byte[] encoded;
    int form = rnd.nextInt(6);
    if (form == 0) {
      encoded = new byte[] {(byte) 0xc0, 0, 0, 0, 0, 0, 0, (byte) value}; // the 8-byte form MLS forbids
    } else if (form == 1 && value < (1 << 14)) {
      encoded = new byte[] {(byte) 0x80, 0, (byte) (value >>> 8), (byte) value}; // non-minimal 4-byte form
    } else if (value < 64) {
      encoded = new byte[] {(byte) value};
    } else if (value < (1 << 14)) {
      encoded = new byte[] {(byte) (0x40 | (value >>> 8)), (byte) value};
    } else {
      encoded = new byte[] {(byte) (0x80 | (value >>> 24)), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
    return concat(slice(b, 0, p), encoded, slice(b, p + Math.max(oldWidth, 1), n));
  }

  private static byte[] randomBytes(SplittableRandom rnd, int len) {
    byte[] out = new byte[len];
    for (int i = 0; i < len; i++) {
      out[i] = (byte) (rnd.nextInt(16) == 0 ? INTERESTING_BYTES[rnd.nextInt(INTERESTING_BYTES.length)]
          : rnd.nextInt(256));
    }
    return out;
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, Math.min(from, b.length), Math.min(Math.max(from, to), b.length));
  }

  private static byte[] concat(byte[] a, byte[] b, byte[] c) {
    byte[] out = new byte[a.length + b.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    System.arraycopy(c, 0, out, a.length + b.length, c.length);
    return out;
  }
}
