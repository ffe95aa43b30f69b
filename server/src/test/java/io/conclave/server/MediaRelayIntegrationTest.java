package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.media.QueueLimits;
import io.conclave.server.testing.LeakRecorder;
import io.conclave.server.testing.TestClient;
import io.conclave.server.testing.TestGroup;
import io.conclave.server.testing.TestMls;
import io.conclave.server.testing.TestServer;
import io.conclave.server.testing.TestServer.Participant;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaRelayIntegrationTest {

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakRecorder.assertNoLeaks();
  }

  static byte[] frame(Track track, boolean keyframe, long seq, int size) {
    byte[] f = TestMls.random(size);
    new MediaFrameHeader(track, keyframe, 0, 0, seq).encodeTo(f, 0);
    return f;
  }

  static MediaFrameHeader header(byte[] frame) {
    return MediaFrameHeader.decode(frame, 0, frame.length);
  }

  @Test
  void everyFrameReachesEveryOtherParticipantByteForByte(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting)) {
        TestGroup.of(server, meeting, a, b, c);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          byte[] f = i % 3 == 0 ? frame(Track.AUDIO, false, i, 60 + i) : frame(Track.CAMERA_VIDEO, i == 1, i, 900 + 37 * i);
          sent.add(f);
          a.client().sendMedia(f);
        }
        for (Participant receiver : List.of(b, c)) {
          for (byte[] expected : sent) {
            assertThat(receiver.client().nextMedia()).isEqualTo(expected);
          }
        }
        byte[] reply = frame(Track.SCREEN_VIDEO, true, 0, 500);
        b.client().sendMedia(reply);
        assertThat(a.client().nextMedia()).isEqualTo(reply);
        assertThat(c.client().nextMedia()).isEqualTo(reply);
        assertThat(a.client().mediaCount()).isZero();
        assertThat(b.client().nextMedia(Duration.ofMillis(200))).isNull();
      }
    }
  }

  @Test
  void aSlowReceiverLosesVideoBeforeAudioAndDelaysNoOne(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, b -> b
        .writeBuffer(8 << 10, 32 << 10).sendBufferBytes(8 << 10)
        .queueLimits(new QueueLimits(64, 64 << 10, 0.5)))) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant sender = server.join(meeting); Participant fast = server.join(meeting);
          TestClient slowClient = TestClient.connect(server.port(), false, 8 << 10)) {
        slowClient.send(new ClientMessage.Hello(meeting, null));
        Participant slow = new Participant(slowClient, slowClient.expect(ServerMessage.Ready.class));
        TestGroup.of(server, meeting, sender, fast, slow);
        slowClient.setAutoRead(false);

        int pairs = 400;
        // The fast receiver reads as the sender sends (so a busy test machine cannot make it slow
        // too) and gets everything, while the slow one reads nothing.
        for (int i = 0; i < pairs; i++) {
          sender.client().sendMedia(frame(Track.CAMERA_VIDEO, i == 0, i, 1200));
          sender.client().sendMedia(frame(Track.AUDIO, false, i, 200));
          assertThat(fast.client().nextMedia()).as("video frame %d to the fast receiver", i).isNotNull();
          assertThat(fast.client().nextMedia()).as("audio frame %d to the fast receiver", i).isNotNull();
        }
        assertThat(sender.client().awaitMessage(ServerMessage.KeyframeRequest.class).track())
            .isEqualTo(Track.CAMERA_VIDEO.code());

        slowClient.setAutoRead(true);
        int audio = 0;
        int video = 0;
        for (byte[] f; (f = slowClient.nextMedia(Duration.ofMillis(700))) != null; ) {
          if (header(f).track() == Track.AUDIO) {
            audio++;
          } else {
            video++;
          }
        }
        assertThat(video).as("video dropped for the slow receiver").isLessThan(pairs);
        assertThat(audio).as("audio kept over video").isGreaterThan(video);

        // Video stays off for the slow receiver until the sender's next keyframe.
        for (int i = 0; i < 3; i++) {
          sender.client().sendMedia(frame(Track.CAMERA_VIDEO, false, 1000 + i, 1200));
        }
        sender.client().sendMedia(frame(Track.CAMERA_VIDEO, true, 1003, 1200));
        sender.client().sendMedia(frame(Track.CAMERA_VIDEO, false, 1004, 1200));
        assertThat(header(slowClient.nextMedia()).sequence()).isEqualTo(1003);
        assertThat(header(slowClient.nextMedia()).sequence()).isEqualTo(1004);
        for (int i = 0; i < 5; i++) {
          assertThat(header(fast.client().nextMedia()).sequence()).isEqualTo(1000 + i);
        }
      }
    }
  }

  @Test
  void mediaFlowsOnlyAmongMembers(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting)) {
        TestGroup group = TestGroup.of(server, meeting, a, b);

        // c said hello only: a's frame reaches b, not c.
        byte[] fromA = frame(Track.AUDIO, false, 1, 100);
        a.client().sendMedia(fromA);
        assertThat(b.client().nextMedia()).isEqualTo(fromA);
        assertThat(c.client().nextMedia(Duration.ofMillis(300))).as("media to a non-member").isNull();

        // c's frames reach no one, and c is not closed for them. Its join request, sent behind
        // them on the same connection, reaches a after them.
        for (int i = 0; i < 20; i++) {
          c.client().sendMedia(frame(Track.CAMERA_VIDEO, i == 0, i, 500));
        }
        c.client().send(new ClientMessage.JoinRequest(TestMls.keyPackage("c")));
        assertThat(a.client().awaitMessage(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());
        assertThat(a.client().nextMedia(Duration.ofMillis(300))).as("media from a non-member").isNull();
        assertThat(b.client().mediaCount()).isZero();
        assertThat(c.client().isOpen()).isTrue();
        assertThat(server.metrics().body())
            .contains("conclave_media_dropped_total{kind=\"video\",reason=\"not_a_member\"} 20.0");

        // Removed by a commit, b neither receives nor sends, though still connected.
        group.remove(b);
        byte[] afterRemoval = frame(Track.AUDIO, false, 2, 100);
        a.client().sendMedia(afterRemoval);
        b.client().sendMedia(frame(Track.AUDIO, false, 1, 100));
        assertThat(b.client().nextMedia(Duration.ofMillis(300))).as("media to a removed member").isNull();
        assertThat(a.client().nextMedia(Duration.ofMillis(300))).as("media from a removed member").isNull();
        assertThat(b.client().isOpen()).isTrue();

        // Admitted, c receives from then on.
        group.add(c);
        byte[] afterAdmission = frame(Track.AUDIO, false, 3, 100);
        a.client().sendMedia(afterAdmission);
        assertThat(c.client().nextMedia()).isEqualTo(afterAdmission);
        assertThat(b.client().nextMedia(Duration.ofMillis(300))).isNull();
      }
    }
  }
}
