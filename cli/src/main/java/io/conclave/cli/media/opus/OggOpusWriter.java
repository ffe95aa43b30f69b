package io.conclave.cli.media.opus;

import io.conclave.cli.media.ogg.OggPage;
import io.conclave.cli.media.ogg.OggPageWriter;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an Ogg Opus file (RFC 7845): OpusHead alone on the first page, OpusTags on the second,
 * then one audio packet per page so that a file cut short still plays up to its last page. Each
 * packet is written when the next one arrives, so that the last can carry the end-of-stream flag;
 * granule positions start at the pre-skip and grow by each packet's TOC duration (§4).
 */
public final class OggOpusWriter implements Closeable {
  private final OggPageWriter pages;
  private long granule;
  private byte[] held;

  public OggOpusWriter(OutputStream out, long serial, OpusHead head, String vendor)
      throws IOException {
    pages = new OggPageWriter(out, serial);
    pages.writePage(head.encode(), 0, OggPage.BOS);
    pages.writePage(new OpusTags(vendor, List.of()).encode(), 0, 0);
    granule = head.preSkip();
  }

  public static OggOpusWriter create(Path file, long serial, OpusHead head, String vendor)
      throws IOException {
    return new OggOpusWriter(new BufferedOutputStream(Files.newOutputStream(file)), serial, head,
        vendor);
  }

  /**
   * Appends a packet.
   *
   * @throws io.conclave.cli.media.MalformedMediaException if its TOC gives no valid duration
   */
  public void write(byte[] packet) throws IOException {
    OpusToc.samples(packet);
    flushHeld(0);
    held = packet.clone();
  }

  /** Writes out every packet but the last one and flushes the stream. */
  public void flush() throws IOException {
    pages.flush();
  }

  @Override
  public void close() throws IOException {
    try (pages) {
      if (held == null) {
        pages.writeEmptyEos();
      } else {
        flushHeld(OggPage.EOS);
      }
    }
  }

  private void flushHeld(int flags) throws IOException {
    if (held != null) {
      granule += OpusToc.samples(held);
      pages.writePage(held, granule, flags);
      held = null;
    }
  }
}
