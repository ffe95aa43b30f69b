package io.conclave.cli.media.ogg;

import io.conclave.cli.media.MalformedMediaException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reassembles the packets of one Ogg logical bitstream (RFC 3533 §5-§6). Only files with a single
 * stream are accepted: a page of another serial number, a missing page (sequence gap), a
 * continuation flag that does not match the previous page, or a page after the last one is
 * malformed here.
 */
public final class OggPacketReader implements Closeable {
  private final InputStream in;
  private final int maxPacket;
  private final Deque<OggPacket> ready = new ArrayDeque<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private boolean partialPending;
  private boolean partialFresh;
  private long serial;
  private long nextSequence;
  private boolean started;
  private boolean ended;

  /** @param maxPacket the largest packet accepted, in bytes */
  public OggPacketReader(InputStream in, int maxPacket) {
    this.in = in;
    this.maxPacket = maxPacket;
  }

  /**
   * The next packet, or null at the end of the stream.
   *
   * @throws MalformedMediaException if a page is malformed, out of place, or a packet exceeds the
   *     bound or is cut off by the end of the file
   */
  public OggPacket next() {
    while (ready.isEmpty()) {
      OggPage page = OggPage.read(in);
      if (page == null) {
        if (partialPending) {
          throw new MalformedMediaException("Ogg stream ends inside a packet");
        }
        if (!started) {
          throw new MalformedMediaException("empty Ogg file");
        }
        return null;
      }
      accept(page);
    }
    return ready.poll();
  }

  private void accept(OggPage page) {
    if (ended) {
      throw new MalformedMediaException("Ogg page after the end-of-stream page");
    }
    if (!started) {
      if (!page.has(OggPage.BOS)) {
        throw new MalformedMediaException("first Ogg page is not marked beginning-of-stream");
      }
      started = true;
      serial = page.serial();
      nextSequence = page.sequence();
    } else if (page.has(OggPage.BOS) || page.serial() != serial) {
      throw new MalformedMediaException("Ogg file holds more than one logical stream");
    }
    if (page.sequence() != nextSequence) {
      throw new MalformedMediaException(
          "Ogg page " + page.sequence() + " where " + nextSequence + " was expected");
    }
    nextSequence = (nextSequence + 1) & 0xffff_ffffL;
    if (page.has(OggPage.CONTINUED) != partialPending) {
      throw new MalformedMediaException(partialPending
          ? "Ogg page does not continue the unfinished packet"
          : "Ogg page continues a packet that was never started");
    }
    ended = page.has(OggPage.EOS);
    int lastEnd = lastFinishingSegment(page.lacing());
    int offset = 0;
    for (int i = 0; i < page.lacing().length; i++) {
      int len = page.lacing()[i] & 0xff;
      if (!partialPending) {
        partialPending = true;
        partialFresh = offset == 0 && !page.has(OggPage.CONTINUED);
      }
      if (partial.size() + len > maxPacket) {
        throw new MalformedMediaException("Ogg packet exceeds " + maxPacket + " bytes");
      }
      partial.write(page.body(), offset, len);
      offset += len;
      if (len < 255) {
        ready.add(new OggPacket(partial.toByteArray(), i == lastEnd ? page.granule() : -1,
            partialFresh));
        partial.reset();
        partialPending = false;
      }
    }
    if ((lastEnd < 0) != (page.granule() == -1)) {
      throw new MalformedMediaException(lastEnd < 0
          ? "Ogg page with no finished packet has a granule position"
          : "Ogg page with a finished packet has granule position -1");
    }
  }

  private static int lastFinishingSegment(byte[] lacing) {
    for (int i = lacing.length - 1; i >= 0; i--) {
      if ((lacing[i] & 0xff) < 255) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
