package io.conclave.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

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
    for (int i = 0; i < recorded.size(); i++) {
      assertThat(recorded.get(i).payload()).isEqualTo(video.get(15 + i).payload());
      assertThat(recorded.get(i).timestamp()).isEqualTo((video.get(15 + i).timestampMicros() - 1_000_000) / 1000);
    }
    try (IvfReader r = new IvfReader(Files.newInputStream(dir.resolve("Ann_Lee-3-camera.ivf")), 1 << 20)) {
      assertThat(r.header()).isEqualTo(new IvfHeader("VP80", 320, 180, 1000, 1, 15));
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
