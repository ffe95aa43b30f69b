package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.framing.ContentType;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.testing.LeakRecorder;
import io.conclave.server.testing.TestGroup;
import io.conclave.server.testing.TestMls;
import io.conclave.server.testing.TestServer;
import io.conclave.server.testing.TestServer.Participant;
import io.conclave.sframe.media.Track;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A receiver's {@code keyframe_request} for a member's leaf (docs/PROTOCOL.md, "Rules the server applies"). */
class KeyframeRequestIntegrationTest {
  /** WebSocketPeer's interval between two keyframe requests on one track. */
  private static final long INTERVAL_NANOS = 250_000_000L;

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakRecorder.assertNoLeaks();
  }


  @Test
  void aMemberAsksAnotherForAKeyframeThroughTheRateLimit(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant guest = server.join(meeting)) {
        // a registers the group (leaf 0) and adds b at leaf 1: the group is at epoch 1.
        TestGroup.of(server, meeting, a, b);

        // Ignored: an empty leaf, the sender's own leaf, audio, a reserved track. The application
        // message behind them shows b is still connected and that a got nothing before it.
        b.client().send(new ClientMessage.KeyframeRequest(7, Track.CAMERA_VIDEO.code()));
        b.client().send(new ClientMessage.KeyframeRequest(0xffff_ffffL, Track.CAMERA_VIDEO.code()));
        b.client().send(new ClientMessage.KeyframeRequest(1, Track.CAMERA_VIDEO.code()));
        b.client().send(new ClientMessage.KeyframeRequest(0, Track.AUDIO.code()));
        b.client().send(new ClientMessage.KeyframeRequest(0, 3));
        byte[] chat = TestMls.privateMessage(meeting, 1, ContentType.APPLICATION);
        b.client().send(new ClientMessage.Application(chat));
        assertThat(a.client().expect(ServerMessage.Application.class).message()).isEqualTo(chat);
        assertThat(b.client().isOpen()).isTrue();
        assertThat(b.client().poll(Duration.ofMillis(100))).as("no request for b's own video").isNull();

        // Five requests at once reach a as one, then one more per interval at most.
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
          b.client().send(new ClientMessage.KeyframeRequest(0, Track.CAMERA_VIDEO.code()));
        }
        assertThat(a.client().expect(ServerMessage.KeyframeRequest.class).track())
            .isEqualTo(Track.CAMERA_VIDEO.code());
        int more = 0;
        for (ServerMessage m; (m = a.client().poll(Duration.ofMillis(150))) != null; ) {
          assertThat(m).isEqualTo(new ServerMessage.KeyframeRequest(Track.CAMERA_VIDEO.code()));
          more++;
        }
        long elapsed = System.nanoTime() - start;
        assertThat(more).as("requests after the first within %d ms", elapsed / 1_000_000)
            .isLessThanOrEqualTo((int) (elapsed / INTERVAL_NANOS));

        // Each track has its own limit.
        b.client().send(new ClientMessage.KeyframeRequest(0, Track.SCREEN_VIDEO.code()));
        assertThat(a.client().expect(ServerMessage.KeyframeRequest.class).track())
            .isEqualTo(Track.SCREEN_VIDEO.code());

        // Only members may ask; past the interval, a's limit would let the request through.
        Thread.sleep(INTERVAL_NANOS / 1_000_000 + 50);
        guest.client().send(new ClientMessage.KeyframeRequest(0, Track.CAMERA_VIDEO.code()));
        assertThat(guest.client().awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
        assertThat(a.client().poll(Duration.ofMillis(300))).isNull();
      }
    }
  }
}
