package io.conclave.cli.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.cli.media.Fixtures;
import io.conclave.cli.media.MalformedMediaException;
import io.conclave.sframe.media.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaLoopTest {
  @TempDir Path dir;

  @Test
  void loadsTheVideoFixtureAsTheCameraTrack() throws Exception {
    MediaLoop loop = MediaLoop.load(Fixtures.vp8());
    assertThat(loop.track()).isEqualTo(Track.CAMERA_VIDEO);
    assertThat(loop.frames()).hasSize(30);
    assertThat(loop.periodMicros()).isEqualTo(29 * 1_000_000L / 15 + 66_666);
    assertThat(loop.frames()).filteredOn(TimedFrame::keyframe).extracting(TimedFrame::offsetMicros)
        .containsExactly(0L, 1_000_000L);
  }

  @Test
  void loadsTheAudioFixtureAsTheAudioTrack() throws Exception {
    MediaLoop loop = MediaLoop.load(Fixtures.opus());
    assertThat(loop.track()).isEqualTo(Track.AUDIO);
    assertThat(loop.frames()).hasSize(101);
    assertThat(loop.frames().get(50).offsetMicros()).isEqualTo(1_000_000L);
    assertThat(loop.periodMicros()).isEqualTo(101 * 20_000L);
  }

  @Test
  void rejectsOtherFiles() throws Exception {
    Path text = Files.writeString(dir.resolve("x.txt"), "hello");
    assertThatThrownBy(() -> MediaLoop.load(text)).isInstanceOf(MalformedMediaException.class);
  }
}
