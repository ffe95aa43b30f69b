package io.conclave.cli.media.opus;

import io.conclave.cli.media.MalformedMediaException;
import io.conclave.cli.media.ogg.OggPacket;
import io.conclave.cli.media.ogg.OggPacketReader;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads an Ogg Opus file (RFC 7845): its headers on construction, then its audio packets with
 * their positions. The first audio page's granule position fixes where the stream starts (§4.5);
 * each later packet starts where the one before it ended.
 */
public final class OggOpusReader implements Closeable {
  /** A comment header may carry cover art; audio packets are far smaller (RFC 6716 §3.4 [R4]). */
  public static final int DEFAULT_MAX_PACKET = 1 << 20;
  private static final long SAMPLE_RATE = 48_000;

  private final OggPacketReader packets;
  private final OpusHead head;
  private final OpusTags tags;
  private final Deque<OggPacket> firstPage = new ArrayDeque<>();
  private long position = -1;

  /**
   * @throws MalformedMediaException if the Ogg structure or either header is malformed
   */
  public OggOpusReader(InputStream in, int maxPacket) {
    packets = new OggPacketReader(in, maxPacket);
    OggPacket first = packets.next();
    if (first == null) {
      throw new MalformedMediaException("Ogg stream has no packet");
    }
    head = OpusHead.decode(first.data());
    if (first.granule() != 0) {
      throw new MalformedMediaException("OpusHead must end its page with granule position 0");
    }
    OggPacket second = packets.next();
    if (second == null || !second.freshPage()) {
      throw new MalformedMediaException("OpusTags must start the second page");
    }
    tags = OpusTags.decode(second.data());
  }

  public OpusHead head() {
    return head;
  }

  public OpusTags tags() {
    return tags;
  }

  /**
   * The next audio packet, or null at the end of the stream.
   *
   * @throws MalformedMediaException if the Ogg structure or a packet's TOC is malformed, audio
   *     does not start on a fresh page, or the first audio page's granule position is smaller
   *     than the audio finished on it
   */
  public OpusPacket next() {
    if (position < 0 && !locateStart()) {
      return null;
    }
    OggPacket p = firstPage.isEmpty() ? packets.next() : firstPage.poll();
    if (p == null) {
      return null;
    }
    int samples = OpusToc.samples(p.data());
    long start = position;
    position += samples;
    long micros = Math.floorDiv((start - head.preSkip()) * 1_000_000L, SAMPLE_RATE);
    return new OpusPacket(start, samples, micros, p.data());
  }

  /** Buffers the packets of the first audio page to learn its start from its granule position. */
  private boolean locateStart() {
    long total = 0;
    while (true) {
      OggPacket p = packets.next();
      if (p == null) {
        if (firstPage.isEmpty()) {
          return false;
        }
        throw new MalformedMediaException("Ogg Opus audio ends before its first page does");
      }
      if (firstPage.isEmpty() && !p.freshPage()) {
        throw new MalformedMediaException("Opus audio must start on a fresh page");
      }
      firstPage.add(p);
      total += OpusToc.samples(p.data());
      if (p.granule() >= 0) {
        if (p.granule() < total) {
          throw new MalformedMediaException("first audio page's granule position " + p.granule()
              + " is less than its " + total + " samples");
        }
        position = p.granule() - total;
        return true;
      }
    }
  }

  /** Reads a whole file with the default packet bound. */
  public static List<OpusPacket> readAll(Path file) {
    try (OggOpusReader r = new OggOpusReader(new BufferedInputStream(Files.newInputStream(file)),
        DEFAULT_MAX_PACKET)) {
      List<OpusPacket> out = new ArrayList<>();
      for (OpusPacket p = r.next(); p != null; p = r.next()) {
        out.add(p);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    packets.close();
  }
}
