package io.conclave.cli.media.ivf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.cli.media.Fixtures;
import io.conclave.cli.media.MalformedMediaException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IvfReaderTest {
  @Test
  void readsTheFixture() throws Exception {
    try (IvfReader r = new IvfReader(Files.newInputStream(Fixtures.vp8()), 1 << 20)) {
      IvfHeader h = r.header();
      assertThat(h.fourcc()).isEqualTo(IvfHeader.VP8);
      assertThat(h.width()).isEqualTo(320);
      assertThat(h.height()).isEqualTo(180);
      assertThat(h.timebaseNumerator()).isEqualTo(1);
      assertThat(h.timebaseDenominator()).isEqualTo(15);
      assertThat(h.frameCount()).isEqualTo(30);
    }
    List<IvfFrame> frames = IvfReader.readAll(Fixtures.vp8());
    assertThat(frames).hasSize(30);
    for (int i = 0; i < frames.size(); i++) {
      IvfFrame f = frames.get(i);
      assertThat(f.timestamp()).isEqualTo(i);
      assertThat(f.timestampMicros()).isEqualTo(i * 1_000_000L / 15);
      assertThat(f.vp8Keyframe()).as("frame %d", i).isEqualTo(i % 15 == 0);
      if (f.vp8Keyframe()) {
        assertThat(Vp8.keyframeSize(f.payload())).containsExactly(320, 180);
      } else {
        assertThat(Vp8.keyframeSize(f.payload())).isNull();
      }
    }
  }

  @Test
  void rejectsBadSignatureVersionAndTimebase() throws Exception {
    byte[] file = Files.readAllBytes(Fixtures.vp8());
    assertRejected(patch(file, 0, 'X'), "DKIF");
    assertRejected(patch(file, 4, 1), "version");
    assertRejected(patch(patch(patch(patch(file, 16, 0), 17, 0), 18, 0), 19, 0), "timebase");
    assertRejected(patch(file, 6, 8), "header length");
    assertRejected(new byte[] {'D', 'K', 'I', 'F'}, "truncated");
  }

  @Test
  void rejectsTruncatedAndOversizedFrames() throws Exception {
    byte[] file = Files.readAllBytes(Fixtures.vp8());
    byte[] cut = java.util.Arrays.copyOf(file, file.length - 1);
    assertThatThrownBy(() -> readAll(cut, 1 << 20)).isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("truncated");
    byte[] cutHeader = java.util.Arrays.copyOf(file, IvfHeader.LENGTH + 5);
    assertThatThrownBy(() -> readAll(cutHeader, 1 << 20))
        .isInstanceOf(MalformedMediaException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> readAll(file, 100)).isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("exceeds");
    byte[] huge = patch(file, IvfHeader.LENGTH + 3, 0x7f);
    assertThatThrownBy(() -> readAll(huge, Integer.MAX_VALUE))
        .isInstanceOf(MalformedMediaException.class);
    byte[] negative = patch(file, IvfHeader.LENGTH + 11, 0x80);
    assertThatThrownBy(() -> readAll(negative, 1 << 20))
        .isInstanceOf(MalformedMediaException.class).hasMessageContaining("negative");
  }

  /** Seeded mutations of the fixture: each either reads or fails with the typed exception. */
  @Test
  void mutatedFilesFailOnlyWithTheTypedException() throws Exception {
    byte[] file = Files.readAllBytes(Fixtures.vp8());
    Random random = new Random(0x1F5EEDL);
    for (int round = 0; round < 2000; round++) {
      byte[] m = file.clone();
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        m[random.nextInt(Math.min(m.length, 200))] = (byte) random.nextInt(256);
      }
      int len = random.nextBoolean() ? m.length : random.nextInt(m.length);
      byte[] input = java.util.Arrays.copyOf(m, len);
      try {
        readAll(input, 1 << 16);
      } catch (MalformedMediaException expected) {
        // the only failure a malformed file may cause
      }
    }
  }

  static List<IvfFrame> readAll(byte[] file, int maxFrame) throws Exception {
    try (IvfReader r = new IvfReader(new ByteArrayInputStream(file), maxFrame)) {
      List<IvfFrame> out = new ArrayList<>();
      for (IvfFrame f = r.next(); f != null; f = r.next()) {
        out.add(f);
      }
      return out;
    }
  }

  private static byte[] patch(byte[] b, int at, int value) {
    byte[] c = b.clone();
    c[at] = (byte) value;
    return c;
  }

  private static void assertRejected(byte[] file, String message) {
    assertThatThrownBy(() -> readAll(file, 1 << 20)).isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining(message);
  }
}
