package io.conclave.cli.media.ogg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.cli.media.MalformedMediaException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OggPacketReaderTest {
  @Test
  void packetsOfEverySizeRoundTrip() throws Exception {
    Random random = new Random(7);
    int[] sizes = {0, 1, 254, 255, 256, 510, 65_024, 65_025, 65_026, 200_000};
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    OggPageWriter w = new OggPageWriter(file, 0xdeadbeefL);
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] p = new byte[sizes[i]];
      random.nextBytes(p);
      sent.add(p);
      int flags = (i == 0 ? OggPage.BOS : 0) | (i == sizes.length - 1 ? OggPage.EOS : 0);
      w.writePage(p, 1000 + i, flags);
    }
    List<OggPacket> back = readAll(file.toByteArray(), 1 << 20);
    assertThat(back).hasSize(sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      assertThat(back.get(i).data()).isEqualTo(sent.get(i));
      assertThat(back.get(i).granule()).isEqualTo(1000 + i);
      assertThat(back.get(i).freshPage()).isTrue();
    }
  }

  @Test
  void rejectsStructuralErrors() throws Exception {
    byte[] one = page(OggPage.BOS, 0, 1, 0, new byte[] {5}, new byte[5]);
    byte[] two = page(0, 1, 1, 1, new byte[] {3}, new byte[3]);
    assertRejected(concat(one, two), null);
    assertRejected(page(0, 0, 1, 0, new byte[] {5}, new byte[5]), "beginning-of-stream");
    assertRejected(concat(one, page(0, 1, 2, 1, new byte[] {3}, new byte[3])), "more than one");
    assertRejected(concat(one, page(0, 1, 1, 2, new byte[] {3}, new byte[3])), "expected");
    assertRejected(concat(one, page(OggPage.CONTINUED, 1, 1, 1, new byte[] {3}, new byte[3])),
        "never started");
    byte[] open = page(OggPage.BOS, -1, 1, 0, new byte[] {(byte) 255}, new byte[255]);
    assertRejected(open, "ends inside");
    assertRejected(concat(open, two), "does not continue");
    assertRejected(page(OggPage.BOS, 5, 1, 0, new byte[] {(byte) 255}, new byte[255]),
        "no finished packet");
    assertRejected(page(OggPage.BOS, -1, 1, 0, new byte[] {1}, new byte[1]), "granule position -1");
    byte[] eos = page(OggPage.BOS | OggPage.EOS, 0, 1, 0, new byte[] {1}, new byte[1]);
    assertRejected(concat(eos, two), "after the end");
    byte[] badCrc = one.clone();
    badCrc[badCrc.length - 1] ^= 1;
    assertRejected(badCrc, "checksum");
    byte[] badCapture = one.clone();
    badCapture[0] = 'o';
    assertRejected(badCapture, "capture");
    byte[] badVersion = one.clone();
    badVersion[4] = 1;
    assertRejected(badVersion, "version");
    assertRejected(Arrays.copyOf(one, one.length - 1), "truncated");
    assertRejected(new byte[0], "empty");
    assertThatThrownBy(() -> readAll(one, 4)).isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("exceeds");
  }

  /** Seeded mutations: each either reads or fails with the typed exception. */
  @Test
  void mutatedStreamsFailOnlyWithTheTypedException() throws Exception {
    Random random = new Random(0x0665L);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    OggPageWriter w = new OggPageWriter(file, 3);
    for (int i = 0; i < 20; i++) {
      w.writePage(new byte[random.nextInt(600)], i, i == 0 ? OggPage.BOS : 0);
    }
    byte[] good = file.toByteArray();
    for (int round = 0; round < 3000; round++) {
      byte[] m = good.clone();
      m[random.nextInt(m.length)] = (byte) random.nextInt(256);
      byte[] input = random.nextBoolean() ? m : Arrays.copyOf(m, random.nextInt(m.length));
      try {
        readAll(input, 1 << 12);
      } catch (MalformedMediaException expected) {
        // the only failure a malformed stream may cause
      }
    }
  }

  static List<OggPacket> readAll(byte[] file, int maxPacket) {
    OggPacketReader r = new OggPacketReader(new ByteArrayInputStream(file), maxPacket);
    List<OggPacket> out = new ArrayList<>();
    for (OggPacket p = r.next(); p != null; p = r.next()) {
      out.add(p);
    }
    return out;
  }

  private static byte[] page(int flags, long granule, long serial, long seq, byte[] lacing,
      byte[] body) {
    return new OggPage(flags, granule, serial, seq, lacing, body).encode();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static void assertRejected(byte[] file, String message) {
    if (message == null) {
      assertThat(readAll(file, 1 << 16)).hasSize(2);
      return;
    }
    assertThatThrownBy(() -> readAll(file, 1 << 16)).isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining(message);
  }
}
