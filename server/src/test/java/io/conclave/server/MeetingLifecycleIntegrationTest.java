package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.store.Database;
import io.conclave.server.store.JdbcMeetingStore;
import io.conclave.server.store.MeetingRecord;
import io.conclave.server.testing.LeakRecorder;
import io.conclave.server.testing.TestClient;
import io.conclave.server.testing.TestGroup;
import io.conclave.server.testing.TestMls;
import io.conclave.server.testing.TestServer;
import io.conclave.server.testing.TestServer.Participant;
import io.conclave.server.transport.RateLimit;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of a meeting (docs/PROTOCOL.md): a host ends it for everyone, an empty meeting closes
 * after its idle time, closed meetings leave nothing behind, lobby seats time out, a host may
 * register anew once no member is left, and creation is rate-limited and may need a token.
 */
class MeetingLifecycleIntegrationTest {

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakRecorder.assertNoLeaks();
  }

  @Test
  void aHostEndsTheMeetingForEveryoneAndNothingIsLeftBehind(@TempDir Path dir) throws Exception {
    String meeting;
    try (TestServer server = TestServer.start(dir)) {
      meeting = server.createMeeting().get("meetingId").asText();
      String token = server.hostToken(meeting);
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting); Participant d = server.join(meeting)) {
        TestGroup.of(server, meeting, a, b);
        // Another token: only the sender is closed, and the meeting goes on.
        d.client().send(new ClientMessage.EndMeeting("not-the-host-token"));
        assertThat(d.client().awaitClose()).isEqualTo(CloseCode.NOT_AUTHORISED.code());
        assertThat(TestServer.json(server.get("/api/meetings/" + meeting).body()).get("open").asBoolean()).isTrue();

        b.client().send(new ClientMessage.EndMeeting(token));
        for (Participant p : new Participant[] {a, b, c}) {
          assertThat(p.client().awaitClose()).isEqualTo(CloseCode.MEETING_CLOSED.code());
        }
      }
      JsonNode status = TestServer.json(server.get("/api/meetings/" + meeting).body());
      assertThat(status.get("open").asBoolean()).isFalse();
      assertThat(status.get("members").asLong()).isZero();
      try (TestClient late = TestClient.connect(server.port())) {
        late.send(new ClientMessage.Hello(meeting, null));
        assertThat(late.awaitClose()).isEqualTo(CloseCode.MEETING_CLOSED.code());
      }
    }
    assertNothingLeftBehind(dir, meeting);
  }

  @Test
  void aMeetingNobodyIsInClosesAfterItsIdleTime(@TempDir Path dir) throws Exception {
    String meeting;
    String kept;
    try (TestServer server = TestServer.start(dir, b -> b.meetingIdleTimeout(Duration.ofMillis(400)))) {
      meeting = server.createMeeting().get("meetingId").asText();
      kept = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant k = server.join(kept)) {
        TestGroup.register(server, meeting, a);
        Thread.sleep(800);
        assertThat(open(server, meeting)).as("someone is in it").isTrue();
        a.client().send(new ClientMessage.Bye());
        awaitClosed(server, meeting);
        // The other meeting still has its participant: it stays open.
        assertThat(open(server, kept)).isTrue();
        assertThat(k.client().isOpen()).isTrue();
      }
      // A meeting created and never entered closes too.
      String never = server.createMeeting().get("meetingId").asText();
      awaitClosed(server, never);
    }
    assertNothingLeftBehind(dir, meeting);
  }

  @Test
  void enteringBeforeTheIdleTimeKeepsTheMeetingOpen(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, b -> b.meetingIdleTimeout(Duration.ofMillis(600)))) {
      String meeting = server.createMeeting().get("meetingId").asText();
      Thread.sleep(300);
      try (Participant a = server.join(meeting)) {
        Thread.sleep(800);
        assertThat(open(server, meeting)).isTrue();
        assertThat(a.client().isOpen()).isTrue();
      }
    }
  }

  @Test
  void lobbySeatsTimeOutButMembersStay(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, b -> b.lobbyTimeout(Duration.ofMillis(500)))) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant member = server.join(meeting); Participant waiting = server.join(meeting)) {
        TestGroup.register(server, meeting, member);
        waiting.client().send(new ClientMessage.JoinRequest(TestMls.keyPackage("waiting")));
        assertThat(member.client().expect(ServerMessage.JoinRequest.class).from()).isEqualTo(waiting.id());
        assertThat(waiting.client().awaitClose()).isEqualTo(CloseCode.LOBBY_TIMEOUT.code());
        // The member's waiting list loses the request whose sender lost its seat.
        assertThat(member.client().awaitMessage(ServerMessage.JoinRequestWithdrawn.class).from()).isEqualTo(waiting.id());
        // The seat is gone: its resume token no longer works.
        try (TestClient again = TestClient.connect(server.port())) {
          again.send(new ClientMessage.Hello(meeting, waiting.ready().resume()));
          assertThat(again.awaitClose()).isEqualTo(CloseCode.BAD_RESUME.code());
        }
        Thread.sleep(300);
        assertThat(member.client().isOpen()).as("a member has no lobby time").isTrue();
        JsonNode status = TestServer.json(server.get("/api/meetings/" + meeting).body());
        assertThat(status.get("participants").asLong()).isEqualTo(1);
        assertThat(status.get("members").asLong()).isEqualTo(1);
      }
    }
  }

  @Test
  void theHostRegistersAnewOnlyWhenNoMemberIsLeft(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting)) {
        TestGroup.of(server, meeting, a, b);
        // Members are present: a second registration is out of order.
        byte[] fresh = TestGroup.newGroup(server, meeting, "c", TestGroup.SUITE.generateSignatureKeyPair())
            .groupInfo(false).toBytes();
        c.client().send(new ClientMessage.RegisterGroup(fresh, server.hostToken(meeting)));
        assertThat(c.client().awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
        a.client().send(new ClientMessage.Bye());
        b.client().send(new ClientMessage.Bye());
        awaitTrue(() -> TestServer.json(server.get("/api/meetings/" + meeting).body()).get("members").asLong() == 0);
      }
      // Nobody is left who could add anyone: the host (same token, new page) starts the group again.
      try (Participant host = server.join(meeting); Participant joiner = server.join(meeting)) {
        TestGroup group = TestGroup.register(server, meeting, host);
        assertThat(group.epoch()).isZero();
        group.add(joiner);
        assertThat(group.epoch()).isEqualTo(1);
        JsonNode status = TestServer.json(server.get("/api/meetings/" + meeting).body());
        assertThat(status.get("members").asLong()).isEqualTo(2);
        // The old group's leftovers are gone: no stale proposal reaches the new members.
        ServerMessage next = host.client().poll(Duration.ofMillis(300));
        assertThat(next instanceof ServerMessage.Proposal).as("stale proposal: %s", next).isFalse();
      }
    }
  }

  @Test
  void meetingCreationIsRateLimitedPerAddress(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, b -> b.creationRate(new RateLimit(0.01, 2)))) {
      server.createMeeting();
      server.createMeeting();
      HttpResponse<String> third = server.post("/api/meetings", null);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(TestServer.json(third.body()).get("error").asText()).isEqualTo("too_many_requests");
      assertThat(third.headers().firstValue("Retry-After")).hasValue("100");
    }
  }

  @Test
  void anOperatorCanRequireACreationToken(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, b -> b.creationToken("operator-creation-token"))) {
      HttpResponse<String> none = server.post("/api/meetings", null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(TestServer.json(none.body()).get("error").asText()).isEqualTo("creation_token_required");
      HttpResponse<String> wrong = server.post("/api/meetings", "operator-creation-tokeN");
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(TestServer.json(wrong.body()).get("error").asText()).isEqualTo("bad_creation_token");
      assertThat(server.post("/api/meetings", "operator-creation-token").statusCode()).isEqualTo(201);
    }
  }

  private static boolean open(TestServer server, String meeting) throws Exception {
    return TestServer.json(server.get("/api/meetings/" + meeting).body()).get("open").asBoolean();
  }

  private static void awaitClosed(TestServer server, String meeting) throws Exception {
    awaitTrue(() -> !open(server, meeting));
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitTrue(Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!check.ok()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The store keeps only the meeting's id and times: no GroupInfo, participants or proposals. */
  private static void assertNothingLeftBehind(Path dir, String meeting) {
    try (Database db = Database.open(Database.h2Url(dir), null, null)) {
      JdbcMeetingStore store = new JdbcMeetingStore(db.dataSource());
      MeetingRecord r = store.findMeeting(meeting).orElseThrow();
      assertThat(r.isOpen()).isFalse();
      assertThat(r.groupInfo()).isNull();
      assertThat(store.participants(meeting)).isEmpty();
      assertThat(store.proposals(meeting, r.epoch())).isEmpty();
    }
  }
}
