package io.conclave.cli.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  private long now;

  private record Sent(long at, MediaFrameHeader header, byte[] payload) {}

  @Test
  void sendsEachTrackOnItsOwnClockAndLoops() throws Exception {
    MediaLoop audio = new MediaLoop(Track.AUDIO, List.of(
        new TimedFrame(Track.AUDIO, false, 0, new byte[] {1}),
        new TimedFrame(Track.AUDIO, false, 20_000, new byte[] {2})), 40_000);
    MediaLoop video = new MediaLoop(Track.CAMERA_VIDEO, List.of(
        new TimedFrame(Track.CAMERA_VIDEO, true, 0, new byte[] {10}),
        new TimedFrame(Track.CAMERA_VIDEO, false, 33_000, new byte[] {11})), 66_000);
    List<Sent> sent = new ArrayList<>();
    Pacer pacer = new Pacer(List.of(audio, video), (h, p) -> sent.add(new Sent(now, h, p)),
        () -> now, nanos -> now += nanos);
    long n = pacer.run(132_000_000L);

    List<Sent> audioSent = sent.stream().filter(s -> s.header().track() == Track.AUDIO).toList();
    List<Sent> videoSent = sent.stream().filter(s -> s.header().track() == Track.CAMERA_VIDEO).toList();
    assertThat(n).isEqualTo(sent.size());
    assertThat(audioSent).extracting(Sent::at)
        .containsExactly(0L, 20_000_000L, 40_000_000L, 60_000_000L, 80_000_000L, 100_000_000L, 120_000_000L);
    assertThat(audioSent).extracting(s -> s.payload()[0]).containsExactly(
        (byte) 1, (byte) 2, (byte) 1, (byte) 2, (byte) 1, (byte) 2, (byte) 1);
    assertThat(audioSent).extracting(s -> s.header().sequence()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(videoSent).extracting(Sent::at).containsExactly(0L, 33_000_000L, 66_000_000L, 99_000_000L);
    assertThat(videoSent).extracting(s -> s.header().keyframe()).containsExactly(true, false, true, false);
    assertThat(sent).extracting(Sent::at).isSorted();
  }

  @Test
  void keyframeRequestSkipsToTheNextKeyframeAtOnceAndWraps() throws Exception {
    long[] offsets = {0, 33_000, 66_000, 99_000, 132_000};
    List<TimedFrame> frames = new ArrayList<>();
    for (int i = 0; i < offsets.length; i++) {
      frames.add(new TimedFrame(Track.CAMERA_VIDEO, i == 0 || i == 3, offsets[i], new byte[] {(byte) (10 + i)}));
    }
    MediaLoop video = new MediaLoop(Track.CAMERA_VIDEO, frames, 165_000);
    List<Sent> sent = new ArrayList<>();
    Pacer[] pacer = new Pacer[1];
    pacer[0] = new Pacer(List.of(video), (h, p) -> {
      sent.add(new Sent(now, h, p));
      // The relay asks after frames 10 and 13: the next keyframes are 13, then 10 of the next pass.
      if (p[0] == 10 && sent.size() == 1 || p[0] == 13) {
        pacer[0].requestKeyframe(Track.CAMERA_VIDEO);
      }
    }, () -> now, nanos -> now += nanos);
    pacer[0].run(140_000_000L);

    assertThat(sent).extracting(s -> s.payload()[0]).containsExactly(
        (byte) 10, (byte) 13, (byte) 10, (byte) 11, (byte) 12);
    assertThat(sent).extracting(Sent::at).containsExactly(0L, 33_000_000L, 66_000_000L, 99_000_000L, 132_000_000L);
    assertThat(sent).extracting(s -> s.header().keyframe()).containsExactly(true, true, true, false, false);
    assertThat(sent).extracting(s -> s.header().sequence()).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void keyframeRequestWhenTheNextFrameIsAKeyframeChangesNothing() throws Exception {
    MediaLoop video = new MediaLoop(Track.CAMERA_VIDEO, List.of(
        new TimedFrame(Track.CAMERA_VIDEO, true, 0, new byte[] {10}),
        new TimedFrame(Track.CAMERA_VIDEO, false, 33_000, new byte[] {11})), 66_000);
    List<Sent> sent = new ArrayList<>();
    Pacer pacer = new Pacer(List.of(video), (h, p) -> sent.add(new Sent(now, h, p)), () -> now, nanos -> now += nanos);
    pacer.requestKeyframe(Track.CAMERA_VIDEO);
    pacer.run(100_000_000L);
    assertThat(sent).extracting(s -> s.payload()[0]).containsExactly((byte) 10, (byte) 11, (byte) 10, (byte) 11);
    assertThat(sent).extracting(Sent::at).containsExactly(0L, 33_000_000L, 66_000_000L, 99_000_000L);
  }
}
