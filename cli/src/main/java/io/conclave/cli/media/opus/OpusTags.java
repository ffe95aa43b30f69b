package io.conclave.cli.media.opus;

import io.conclave.cli.media.LittleEndian;
import io.conclave.cli.media.MalformedMediaException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The comment header (RFC 7845 §5.2): "OpusTags", a vendor string and user comments, each a
 * 32-bit little-endian length and UTF-8 bytes. Data after the comments is allowed and ignored.
 */
public record OpusTags(String vendor, List<String> comments) {
  private static final byte[] MAGIC = "OpusTags".getBytes(StandardCharsets.US_ASCII);

  public OpusTags {
    vendor = vendor == null ? "" : vendor;
    comments = List.copyOf(comments);
  }

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    writeString(out, vendor);
    byte[] n = new byte[4];
    LittleEndian.put32(n, 0, comments.size());
    out.writeBytes(n);
    comments.forEach(c -> writeString(out, c));
    return out.toByteArray();
  }

  /**
   * Decodes the second packet. Every length is checked against what is left of the packet before
   * anything is allocated.
   *
   * @throws MalformedMediaException if it is not an OpusTags packet or a length overruns it
   */
  public static OpusTags decode(byte[] p) {
    if (p.length < MAGIC.length || !Arrays.equals(p, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new MalformedMediaException("second Ogg packet is not an OpusTags");
    }
    int[] pos = {MAGIC.length};
    String vendor = readString(p, pos);
    long count = readLength(p, pos);
    if (count > (p.length - pos[0]) / 4) {
      throw new MalformedMediaException("OpusTags claims " + count + " comments");
    }
    List<String> comments = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      comments.add(readString(p, pos));
    }
    return new OpusTags(vendor, comments);
  }

  private static String readString(byte[] p, int[] pos) {
    long len = readLength(p, pos);
    if (len > p.length - pos[0]) {
      throw new MalformedMediaException("OpusTags string of " + len + " bytes overruns the packet");
    }
    String s = new String(p, pos[0], (int) len, StandardCharsets.UTF_8);
    pos[0] += (int) len;
    return s;
  }

  private static long readLength(byte[] p, int[] pos) {
    if (p.length - pos[0] < 4) {
      throw new MalformedMediaException("OpusTags truncated");
    }
    long len = LittleEndian.u32(p, pos[0]);
    pos[0] += 4;
    return len;
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] n = new byte[4];
    LittleEndian.put32(n, 0, b.length);
    out.writeBytes(n);
    out.writeBytes(b);
  }
}
