package io.conclave.cli.media.ogg;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes one Ogg logical bitstream, one page per call to {@link #writePage}: each packet given
 * starts on a fresh page, and a packet longer than a page (255 segments) is continued on as many
 * pages as it needs (RFC 3533 §6).
 */
public final class OggPageWriter implements Closeable {
  private final OutputStream out;
  private final long serial;
  private long sequence;

  public OggPageWriter(OutputStream out, long serial) {
    this.out = out;
    this.serial = serial & 0xffff_ffffL;
  }

  /**
   * Writes {@code packet} on one or more fresh pages.
   *
   * @param granule the granule position at the end of the packet
   * @param flags {@link OggPage#BOS} for the stream's first packet, {@link OggPage#EOS} for its
   *     last; applied to the first and the last page respectively
   */
  public void writePage(byte[] packet, long granule, int flags) throws IOException {
    int segments = packet.length / 255 + 1;
    int segmentIndex = 0;
    int offset = 0;
    boolean first = true;
    while (segmentIndex < segments) {
      int count = Math.min(OggPage.MAX_SEGMENTS, segments - segmentIndex);
      byte[] lacing = new byte[count];
      int bodyLen = 0;
      for (int i = 0; i < count; i++, segmentIndex++) {
        int len = segmentIndex == segments - 1 ? packet.length % 255 : 255;
        lacing[i] = (byte) len;
        bodyLen += len;
      }
      boolean last = segmentIndex == segments;
      int pageFlags = (first ? flags & OggPage.BOS : OggPage.CONTINUED)
          | (last ? flags & OggPage.EOS : 0);
      OggPage page = new OggPage(pageFlags, last ? granule : -1, serial, sequence++, lacing,
          Arrays.copyOfRange(packet, offset, offset + bodyLen));
      out.write(page.encode());
      offset += bodyLen;
      first = false;
    }
  }

  /**
   * Writes a page holding no packet (granule -1, RFC 3533 §6): how a stream is ended when its last
   * packet is already out.
   */
  public void writeEmptyEos() throws IOException {
    out.write(new OggPage(OggPage.EOS, -1, serial, sequence++, new byte[0], new byte[0]).encode());
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
