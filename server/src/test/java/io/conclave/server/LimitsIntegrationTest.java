package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.meeting.MeetingLimits;
import io.conclave.server.testing.LeakRecorder;
import io.conclave.server.testing.TestClient;
import io.conclave.server.testing.TestGroup;
import io.conclave.server.testing.TestMls;
import io.conclave.server.testing.TestServer;
import io.conclave.server.testing.TestServer.Participant;
import io.conclave.server.transport.RateLimit;
import io.conclave.sframe.media.Track;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every limit closes only the offender, with its documented close code; the others carry on. */
class LimitsIntegrationTest {
  private TestServer server;
  private String meeting;
  private Participant a;
  private Participant b;
  private TestGroup group;

  /** How far an offender gets before its offence. */
  private enum Stage { CONNECTED, GREETED, MEMBER }

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    server = TestServer.start(dir, c -> c
        .maxControlBytes(8192).maxMediaFrameBytes(2048)
        .controlRate(new RateLimit(5, 10)).mediaRate(new RateLimit(200, 400))
        .helloTimeout(Duration.ofMillis(500))
        .meetingLimits(new MeetingLimits(10, 8, Duration.ofSeconds(30))));
    meeting = server.createMeeting().get("meetingId").asText();
    a = server.join(meeting);
    b = server.join(meeting);
    group = TestGroup.of(server, meeting, a, b);
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    server.close();
  }

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakRecorder.assertNoLeaks();
  }

  /** The two well-behaved participants still exchange media. */
  private void othersUnaffected() throws Exception {
    byte[] f = MediaRelayIntegrationTest.frame(Track.AUDIO, false, 7, 100);
    a.client().sendMedia(f);
    byte[] got;
    do {
      got = b.client().nextMedia();
      assertThat(got).as("the frame from a").isNotNull();
    } while (!Arrays.equals(got, f));
    assertThat(a.client().isOpen()).isTrue();
  }

  private int offend(Consumer<TestClient> offence, Stage stage) throws Exception {
    try (TestClient c = TestClient.connect(server.port())) {
      if (stage != Stage.CONNECTED) {
        c.send(new ClientMessage.Hello(meeting, null));
        Participant p = new Participant(c, c.expect(ServerMessage.Ready.class));
        if (stage == Stage.MEMBER) {
          group.add(p);
        }
      }
      offence.accept(c);
      return c.awaitClose();
    }
  }

  @Test
  void malformedJson() throws Exception {
    assertThat(offend(c -> c.sendText("{\"v\":1,\"type\":\"commit\""), Stage.GREETED))
        .isEqualTo(CloseCode.MALFORMED.code());
    assertThat(offend(c -> c.sendText("{\"v\":9,\"type\":\"bye\"}"), Stage.CONNECTED))
        .isEqualTo(CloseCode.MALFORMED.code());
    othersUnaffected();
  }

  @Test
  void malformedMlsAndMediaHeaders() throws Exception {
    assertThat(offend(c -> c.send(new ClientMessage.JoinRequest(new byte[] {1, 2, 3})), Stage.GREETED))
        .isEqualTo(CloseCode.MALFORMED.code());
    byte[] badTrack = MediaRelayIntegrationTest.frame(Track.AUDIO, false, 1, 100);
    badTrack[1] = 9;
    assertThat(offend(c -> c.sendMedia(badTrack), Stage.MEMBER)).isEqualTo(CloseCode.MALFORMED.code());
    assertThat(offend(c -> c.sendMedia(new byte[] {1, 0, 0}), Stage.MEMBER)).isEqualTo(CloseCode.MALFORMED.code());
    othersUnaffected();
  }

  @Test
  void outOfOrder() throws Exception {
    assertThat(offend(c -> c.sendMedia(MediaRelayIntegrationTest.frame(Track.AUDIO, false, 1, 100)), Stage.CONNECTED))
        .isEqualTo(CloseCode.OUT_OF_ORDER.code());
    assertThat(offend(c -> c.send(new ClientMessage.Hello(meeting, null)), Stage.GREETED))
        .isEqualTo(CloseCode.OUT_OF_ORDER.code());
    othersUnaffected();
  }

  @Test
  void sizes() throws Exception {
    byte[] tooLarge = MediaRelayIntegrationTest.frame(Track.CAMERA_VIDEO, true, 1, 4000);
    assertThat(offend(c -> c.sendMedia(tooLarge), Stage.MEMBER)).isEqualTo(CloseCode.TOO_LARGE.code());
    assertThat(offend(c -> c.sendMedia(tooLarge), Stage.GREETED)).isEqualTo(CloseCode.TOO_LARGE.code());
    // Above the WebSocket frame limit (the control-message limit) the WebSocket layer closes with 1009.
    assertThat(offend(c -> c.sendText("{\"v\":1,\"type\":\"bye\",\"x\":\"" + "a".repeat(9000) + "\"}"), Stage.GREETED))
        .isEqualTo(1009);
    othersUnaffected();
  }

  @Test
  void rates() throws Exception {
    ClientMessage.JoinRequest harmless = new ClientMessage.JoinRequest(TestMls.keyPackage("flood"));
    assertThat(offend(c -> {
      for (int i = 0; i < 30; i++) {
        c.send(harmless);
      }
    }, Stage.GREETED)).isEqualTo(CloseCode.RATE_LIMITED.code());
    byte[] f = MediaRelayIntegrationTest.frame(Track.AUDIO, false, 1, 100);
    Consumer<TestClient> flood = c -> {
      for (int i = 0; i < 3000; i++) {
        c.sendMedia(f);
      }
    };
    assertThat(offend(flood, Stage.MEMBER)).isEqualTo(CloseCode.RATE_LIMITED.code());
    assertThat(offend(flood, Stage.GREETED)).as("a non-member's media counts too")
        .isEqualTo(CloseCode.RATE_LIMITED.code());
    othersUnaffected();
  }

  @Test
  void meetingAdmission() throws Exception {
    List<Participant> more = new ArrayList<>();
    for (int i = 2; i < 8; i++) {
      more.add(server.join(meeting));
    }
    assertThat(offend(c -> c.send(new ClientMessage.Hello(meeting, null)), Stage.CONNECTED))
        .isEqualTo(CloseCode.MEETING_FULL.code());
    more.forEach(Participant::close);
    assertThat(offend(c -> c.send(new ClientMessage.Hello("nosuchmeeting", null)), Stage.CONNECTED))
        .isEqualTo(CloseCode.UNKNOWN_MEETING.code());
    assertThat(offend(c -> c.send(new ClientMessage.Hello(meeting, "forgedtoken")), Stage.CONNECTED))
        .isEqualTo(CloseCode.BAD_RESUME.code());
    assertThat(offend(c -> { }, Stage.CONNECTED)).isEqualTo(CloseCode.HELLO_TIMEOUT.code());
    othersUnaffected();
  }

  @Test
  void resumingElsewhereReplacesTheOldConnection() throws Exception {
    try (TestClient again = TestClient.connect(server.port())) {
      again.send(new ClientMessage.Hello(meeting, b.ready().resume()));
      assertThat(again.expect(ServerMessage.Ready.class).participant()).isEqualTo(b.id());
      assertThat(b.client().awaitClose()).isEqualTo(CloseCode.REPLACED.code());
      byte[] f = MediaRelayIntegrationTest.frame(Track.AUDIO, false, 7, 100);
      a.client().sendMedia(f);
      assertThat(again.nextMedia()).isEqualTo(f);
    }
  }
}
