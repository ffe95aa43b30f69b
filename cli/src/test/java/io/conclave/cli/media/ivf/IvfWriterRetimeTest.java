package io.conclave.cli.media.ivf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IvfWriter#closeAtAverageFrameRate()}: the header's frame count and duration are right for libvpx and FFmpeg readings. */
class IvfWriterRetimeTest {
  @TempDir Path dir;

  @Test
  void arrivalTimedFramesGetTheirCountAndAFrameRateTimebase() throws IOException {
    Path file = dir.resolve("a.ivf");
    // 30 fps with arrival jitter, 91 frames over 3000 ms, and a 1 s pause in the middle.
    IvfWriter w = IvfWriter.create(file, IvfHeader.vp8Millis(64, 48));
    long t = 0;
    int n = 0;
    for (int i = 0; i < 91; i++) {
      t = i * 100 / 3 + (i % 3 == 1 ? 4 : 0) + (i >= 45 ? 1000 : 0);
      w.write(t, new byte[] {(byte) i});
      n++;
    }
    w.closeAtAverageFrameRate();
    List<IvfFrame> frames = IvfReader.readAll(file);
    IvfHeader h;
    try (IvfReader r = new IvfReader(Files.newInputStream(file), 1 << 20)) {
      h = r.header();
    }
    assertThat(h.frameCount()).isEqualTo(n);
    // 90 intervals over 4000 ms: 22.5 fps on average (the pause counts); duration = 91 frame periods.
    assertThat(h.timebaseNumerator()).isEqualTo(1000);
    assertThat(h.timebaseDenominator()).isEqualTo(22_500);
    assertThat(h.toMicros(h.frameCount())).isEqualTo(4_044_444);
    assertThat(frames).hasSize(n);
    long previous = -1;
    for (int i = 0; i < n; i++) {
      assertThat(frames.get(i).payload()).containsExactly((byte) i);
      assertThat(frames.get(i).timestamp()).isGreaterThanOrEqualTo(previous);
      previous = frames.get(i).timestamp();
    }
    // The pause is kept: frame 45 comes about 1 s after frame 44.
    assertThat(frames.get(45).timestampMicros() - frames.get(44).timestampMicros()).isBetween(980_000L, 1_090_000L);
    assertThat(frames.getLast().timestampMicros()).isBetween(3_950_000L, 4_050_000L);
  }

  @Test
  void aSingleFrameKeepsTheTimebaseAndCountsOne() throws IOException {
    Path file = dir.resolve("b.ivf");
    IvfWriter w = IvfWriter.create(file, IvfHeader.vp8Millis(64, 48));
    w.write(0, new byte[] {1});
    w.closeAtAverageFrameRate();
    try (IvfReader r = new IvfReader(Files.newInputStream(file), 1 << 20)) {
      assertThat(r.header()).isEqualTo(new IvfHeader("VP80", 64, 48, 1000, 1, 1));
    }
  }
}
