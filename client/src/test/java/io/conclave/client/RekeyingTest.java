package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.client.media.MediaStats;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Acceptance test 3 (docs/SECURITY.md, "Meetings"): keys change with membership. A joiner cannot
 * decrypt frames captured before it joined; a removed member that keeps its state cannot decrypt
 * frames sent after its removal; and frames streamed across epoch changes all arrive.
 */
class RekeyingTest {

  @Test
  void membershipChangesRekeyWithoutLosingAFrame() throws Exception {
    try (LiveMeeting meeting = new LiveMeeting()) {
      List<byte[]> capturedByAna = new CopyOnWriteArrayList<>();
      MeetingClient ana = meeting.create("ana", meeting.config().rawMediaTap(f -> capturedByAna.add(f.clone())).build());
      InviteLink link = ana.inviteLink().orElseThrow();
      List<byte[]> capturedByBen = new CopyOnWriteArrayList<>();
      MeetingClient ben = meeting.join(link, "ben", meeting.config().rawMediaTap(f -> capturedByBen.add(f.clone())).build());
      LiveMeeting.awaitConverged(List.of(ana, ben));

      // Frames of epoch 1, captured on the wire before cara joins.
      for (int i = 0; i < 20; i++) {
        ana.sendMedia(new MediaFrameHeader(Track.AUDIO, false, 0, 0, i), payload(i));
      }
      LiveMeeting.await("ben's 20 frames", () -> meeting.recorder(ben).frames.size() == 20);
      List<byte[]> beforeJoin = List.copyOf(capturedByBen);
      assertThat(beforeJoin).hasSize(20);

      MeetingClient cara = meeting.join(link, "cara");
      LiveMeeting.awaitConverged(List.of(ana, ben, cara));
      assertThat(beforeJoin).allSatisfy(f -> assertThat(cara.tryDecrypt(f)).as("pre-join frame").isEmpty());

      // Ana streams audio while dev joins and ben leaves: two epoch changes mid-stream.
      AtomicBoolean streaming = new AtomicBoolean(true);
      AtomicInteger sentCount = new AtomicInteger();
      Thread sender = Thread.ofPlatform().start(() -> {
        while (streaming.get()) {
          int seq = sentCount.get();
          ana.sendMedia(new MediaFrameHeader(Track.AUDIO, false, 0, 0, 1000 + seq), payload(1000 + seq));
          sentCount.incrementAndGet();
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      Thread.sleep(300);
      MeetingClient dev = meeting.join(link, "dev");
      LiveMeeting.awaitConverged(List.of(ana, ben, cara, dev));
      Thread.sleep(300);
      long epochBeforeRemoval = ana.epoch();
      ben.leave();
      LiveMeeting.awaitConverged(List.of(ana, cara, dev));
      long removalEpoch = ana.epoch();
      Thread.sleep(300);
      streaming.set(false);
      sender.join();
      int streamed = sentCount.get();

      Recorder caraSaw = meeting.recorder(cara);
      LiveMeeting.await("cara's streamed frames", () -> streamedFrames(caraSaw) == streamed);
      Set<Long> epochs = caraSaw.frames.stream().filter(f -> f.header().sequence() >= 1000)
          .map(ReceivedFrame::epoch).collect(Collectors.toSet());
      MediaStats stats = cara.mediaStats();
      System.out.printf("rekeying: ana streamed %d frames over epochs %s; cara decrypted all %d (%s)%n",
          streamed, epochs, streamedFrames(caraSaw), stats);
      assertThat(epochs).as("the stream crossed both epoch changes").contains(epochBeforeRemoval, removalEpoch);
      assertThat(streamedFrames(caraSaw)).isEqualTo(streamed);
      assertThat(stats.lost()).isZero();
      assertThat(caraSaw.frames.stream().filter(f -> f.header().sequence() >= 1000).map(f -> f.header().sequence())
          .distinct().count()).isEqualTo(streamed);

      // Ben left but kept its state and keys; frames after the removal commit are closed to it.
      int mark = capturedByAna.size();
      for (int i = 0; i < 20; i++) {
        cara.sendMedia(new MediaFrameHeader(Track.CAMERA_VIDEO, i == 0, 0, 0, i), payload(5000 + i));
      }
      LiveMeeting.await("ana's 20 frames from cara", () -> capturedByAna.size() >= mark + 20);
      List<byte[]> afterRemoval = List.copyOf(capturedByAna.subList(mark, mark + 20));
      assertThat(afterRemoval).allSatisfy(f -> assertThat(ben.tryDecrypt(f)).as("post-removal frame").isEmpty());
      assertThat(meeting.recorder(ana).frames.stream().filter(f -> f.senderName().equals("cara"))).hasSize(20);
      meeting.assertNoClientErrors();
    }
  }

  private static long streamedFrames(Recorder r) {
    return r.frames.stream().filter(f -> f.senderName().equals("ana") && f.header().sequence() >= 1000).count();
  }

  private static byte[] payload(int i) {
    return ByteBuffer.allocate(64).putInt(i).putLong(0x5eed_0000L + i).array();
  }
}
