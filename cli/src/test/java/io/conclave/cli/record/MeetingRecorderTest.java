package io.conclave.cli.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.conclave.cli.media.Fixtures;
import io.conclave.cli.media.ivf.IvfFrame;
import io.conclave.cli.media.ivf.IvfHeader;
import io.conclave.cli.media.ivf.IvfReader;
import io.conclave.cli.media.opus.OggOpusReader;
import io.conclave.cli.media.opus.OpusPacket;
import io.conclave.sframe.media.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeetingRecorderTest {
  @TempDir Path dir;

  @Test
  void writesOnePlayableFilePerParticipantAndTrack() throws Exception {
    List<IvfFrame> video = IvfReader.readAll(Fixtures.vp8());
    List<OpusPacket> audio = OggOpusReader.readAll(Fixtures.opus());
    try (MeetingRecorder r = new MeetingRecorder(dir)) {
      // Joined mid-stream: the first frames are not keyframes.
      for (int i = 5; i < video.size(); i++) {
        IvfFrame f = video.get(i);
        r.frame(3, "Ann Lee", Track.CAMERA_VIDEO, f.vp8Keyframe(), f.payload(), f.timestampMicros() * 1000);
      }
      for (OpusPacket p : audio) {
        r.frame(3, "Ann Lee", Track.AUDIO, false, p.data(), 0);
        r.frame(4, "bob", Track.AUDIO, false, p.data(), 0);
      }
      r.frame(4, "bob", Track.AUDIO, false, new byte[0], 0);
      assertThat(r.skipped()).isEqualTo(10 + 1);
      assertThat(r.written()).containsEntry("Ann_Lee-3-camera.ivf", 15L)
          .containsEntry("Ann_Lee-3-audio.ogg", 101L).containsEntry("bob-4-audio.ogg", 101L);
    }
    List<IvfFrame> recorded = IvfReader.readAll(dir.resolve("Ann_Lee-3-camera.ivf"));
    assertThat(recorded).hasSize(15);
    IvfHeader header;
    try (IvfReader r = new IvfReader(Files.newInputStream(dir.resolve("Ann_Lee-3-camera.ivf")), 1 << 20)) {
      header = r.header();
    }
    // The header states the frame count, and a timebase of the average frame period: so the frame
    // count is also the duration in timebase units (as FFmpeg reads the same bytes).
    long first = video.get(15).timestampMicros();
    long spanMicros = video.get(29).timestampMicros() - first;
    assertThat(header.fourcc()).isEqualTo("VP80");
    assertThat(header.width()).isEqualTo(320);
    assertThat(header.height()).isEqualTo(180);
    assertThat(header.frameCount()).isEqualTo(15);
    assertThat(header.timebaseNumerator()).isEqualTo(1000);
    double fps = header.timebaseDenominator() / 1000.0;
    assertThat(fps).isCloseTo(14 * 1e6 / spanMicros, within(0.01));
    assertThat(header.toMicros(header.frameCount())).isCloseTo(spanMicros * 15 / 14, within(1000L));
    for (int i = 0; i < recorded.size(); i++) {
      assertThat(recorded.get(i).payload()).isEqualTo(video.get(15 + i).payload());
      assertThat(recorded.get(i).timestampMicros()).isCloseTo(video.get(15 + i).timestampMicros() - first, within((long) (1e6 / fps / 2) + 1000));
    }
    for (String f : List.of("Ann_Lee-3-audio.ogg", "bob-4-audio.ogg")) {
      List<OpusPacket> back = OggOpusReader.readAll(dir.resolve(f));
      assertThat(back).hasSize(audio.size());
      for (int i = 0; i < back.size(); i++) {
        assertThat(back.get(i).data()).isEqualTo(audio.get(i).data());
      }
    }
  }
}
