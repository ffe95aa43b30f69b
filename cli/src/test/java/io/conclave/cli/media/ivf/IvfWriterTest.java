package io.conclave.cli.media.ivf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.cli.media.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IvfWriterTest {
  @TempDir Path dir;

  @Test
  void rewritingTheFixtureGivesTheSameBytes() throws Exception {
    List<IvfFrame> frames = IvfReader.readAll(Fixtures.vp8());
    Path out = dir.resolve("copy.ivf");
    try (IvfWriter w = IvfWriter.create(out, new IvfHeader(IvfHeader.VP8, 320, 180, 15, 1, 0))) {
      for (IvfFrame f : frames) {
        w.write(f.timestamp(), f.payload());
      }
    }
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Fixtures.vp8()));
  }

  @Test
  void randomFramesRoundTrip() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      int n = random.nextInt(50);
      byte[][] payloads = new byte[n][];
      long[] timestamps = new long[n];
      Path out = dir.resolve("r" + round + ".ivf");
      try (IvfWriter w = IvfWriter.create(out, IvfHeader.vp8Millis(640, 360))) {
        long t = 0;
        for (int i = 0; i < n; i++) {
          payloads[i] = new byte[random.nextInt(3000)];
          random.nextBytes(payloads[i]);
          t += random.nextInt(100);
          timestamps[i] = t;
          w.write(t, payloads[i]);
        }
      }
      List<IvfFrame> back = IvfReader.readAll(out);
      assertThat(back).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(back.get(i).payload()).isEqualTo(payloads[i]);
        assertThat(back.get(i).timestamp()).isEqualTo(timestamps[i]);
        assertThat(back.get(i).timestampMicros()).isEqualTo(timestamps[i] * 1000);
      }
      try (IvfReader r = new IvfReader(Files.newInputStream(out), 1 << 20)) {
        assertThat(r.header().frameCount()).isEqualTo(n);
        assertThat(r.header()).isEqualTo(new IvfHeader("VP80", 640, 360, 1000, 1, n));
      }
    }
  }

  @Test
  void timestampsMayNotGoBackwards() throws Exception {
    try (IvfWriter w = IvfWriter.create(dir.resolve("b.ivf"), IvfHeader.vp8Millis(2, 2))) {
      w.write(10, new byte[1]);
      assertThatThrownBy(() -> w.write(9, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
