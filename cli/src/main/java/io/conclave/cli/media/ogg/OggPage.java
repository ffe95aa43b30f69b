package io.conclave.cli.media.ogg;

import io.conclave.cli.media.LittleEndian;
import io.conclave.cli.media.MalformedMediaException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One Ogg page (RFC 3533 §6; layout in the package documentation).
 *
 * @param flags header type bits, {@link #CONTINUED}, {@link #BOS}, {@link #EOS}
 * @param granule the codec's position at the end of the last packet finished on this page, or
 *     -1 if none finishes here
 * @param lacing the segment table, 0 to 255 values of 0 to 255
 * @param body the segments' bytes, as long as the lacing values add up to
 */
public record OggPage(int flags, long granule, long serial, long sequence, byte[] lacing,
    byte[] body) {
  public static final int CONTINUED = 0x01;
  public static final int BOS = 0x02;
  public static final int EOS = 0x04;
  public static final int MAX_SEGMENTS = 255;

  private static final int HEADER = 27;
  private static final byte[] CAPTURE = "OggS".getBytes(StandardCharsets.US_ASCII);

  public OggPage {
    if ((flags & ~(CONTINUED | BOS | EOS)) != 0) {
      throw new IllegalArgumentException("unknown header type bits");
    }
    Objects.requireNonNull(lacing, "lacing");
    Objects.requireNonNull(body, "body");
    if (lacing.length > MAX_SEGMENTS) {
      throw new IllegalArgumentException("more than 255 segments");
    }
    if (bodyLength(lacing) != body.length) {
      throw new IllegalArgumentException("body length does not match the lacing values");
    }
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** The page's bytes, with its checksum. */
  public byte[] encode() {
    byte[] b = new byte[HEADER + lacing.length + body.length];
    System.arraycopy(CAPTURE, 0, b, 0, 4);
    b[5] = (byte) flags;
    LittleEndian.put64(b, 6, granule);
    LittleEndian.put32(b, 14, serial);
    LittleEndian.put32(b, 18, sequence);
    b[26] = (byte) lacing.length;
    System.arraycopy(lacing, 0, b, HEADER, lacing.length);
    System.arraycopy(body, 0, b, HEADER + lacing.length, body.length);
    LittleEndian.put32(b, 22, OggCrc.update(0, b, 0, b.length) & 0xffff_ffffL);
    return b;
  }

  /**
   * Reads the next page. Pages are at most 65,307 bytes by construction, so no other bound is
   * needed.
   *
   * @return the page, or null if the stream is at its end
   * @throws MalformedMediaException on a bad capture pattern, version, header type or checksum,
   *     or a truncated page
   */
  public static OggPage read(InputStream in) {
    byte[] h = LittleEndian.readExactly(in, HEADER, "Ogg page header", true);
    if (h == null) {
      return null;
    }
    for (int i = 0; i < 4; i++) {
      if (h[i] != CAPTURE[i]) {
        throw new MalformedMediaException("not an Ogg page: no OggS capture pattern");
      }
    }
    if (h[4] != 0) {
      throw new MalformedMediaException("Ogg version " + (h[4] & 0xff) + " is not 0");
    }
    int flags = h[5] & 0xff;
    if ((flags & ~(CONTINUED | BOS | EOS)) != 0) {
      throw new MalformedMediaException("Ogg header type has unknown bits: " + flags);
    }
    byte[] lacing = LittleEndian.readExactly(in, h[26] & 0xff, "Ogg segment table", false);
    byte[] body = LittleEndian.readExactly(in, bodyLength(lacing), "Ogg page body", false);
    long stored = LittleEndian.u32(h, 22);
    h[22] = h[23] = h[24] = h[25] = 0;
    int crc = OggCrc.update(0, h, 0, HEADER);
    crc = OggCrc.update(crc, lacing, 0, lacing.length);
    crc = OggCrc.update(crc, body, 0, body.length);
    if ((crc & 0xffff_ffffL) != stored) {
      throw new MalformedMediaException("Ogg page checksum mismatch");
    }
    return new OggPage(flags, LittleEndian.i64(h, 6), LittleEndian.u32(h, 14),
        LittleEndian.u32(h, 18), lacing, body);
  }

  private static int bodyLength(byte[] lacing) {
    int n = 0;
    for (byte v : lacing) {
      n += v & 0xff;
    }
    return n;
  }
}
