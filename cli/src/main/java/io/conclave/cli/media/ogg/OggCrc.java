package io.conclave.cli.media.ogg;

/**
 * The Ogg page checksum (RFC 3533 §6, "CRC_checksum"): CRC-32 with generator polynomial
 * 0x04c11db7, initial value 0, no bit reflection and no final XOR — not the zip CRC-32 of
 * {@link java.util.zip.CRC32}, which reflects its bits.
 */
public final class OggCrc {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int bit = 0; bit < 8; bit++) {
        r = (r & 0x8000_0000) != 0 ? (r << 1) ^ 0x04c1_1db7 : r << 1;
      }
      TABLE[i] = r;
    }
  }

  private OggCrc() {}

  /** Continues a checksum {@code crc} over {@code b[off, off+len)}. */
  public static int update(int crc, byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b[i]) & 0xff];
    }
    return crc;
  }
}
