package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.messages.Remove;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.RosterEntry;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.ds.DeliveryService;
import io.conclave.server.meeting.MeetingLimits;
import io.conclave.server.testing.DatabaseExtension;
import io.conclave.server.testing.Databases;
import io.conclave.server.testing.LeakRecorder;
import io.conclave.server.testing.TestClient;
import io.conclave.server.testing.TestMls;
import io.conclave.server.testing.TestServer;
import io.conclave.server.testing.TestServer.Participant;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(DatabaseExtension.class)
class DeliveryServiceIntegrationTest {

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakRecorder.assertNoLeaks();
  }

  /** Creator registers; {@code joiner} asks to join and is added at leaf 1 by a commit of epoch 0. */
  private static void registerAndAdd(String meeting, Participant creator, Participant joiner) throws Exception {
    creator.client().send(new ClientMessage.RegisterGroup(TestMls.groupInfo(meeting, 0)));
    creator.client().expect(ServerMessage.Registered.class);
    byte[] kp = TestMls.keyPackage("joiner");
    joiner.client().send(new ClientMessage.JoinRequest(kp));
    ServerMessage.JoinRequest request = creator.client().expect(ServerMessage.JoinRequest.class);
    assertThat(request.from()).isEqualTo(joiner.id());
    assertThat(request.keyPackage()).isEqualTo(kp);
    byte[] welcome = TestMls.welcome();
    creator.client().send(new ClientMessage.Commit(0, TestMls.commit(meeting, 0), welcome,
        TestMls.groupInfo(meeting, 1), List.of(new RosterEntry(joiner.id(), 1)), List.of()));
    assertThat(creator.client().expect(ServerMessage.CommitAccepted.class).epoch()).isEqualTo(1);
    ServerMessage.Welcome w = joiner.client().expect(ServerMessage.Welcome.class);
    assertThat(w.epoch()).isEqualTo(1);
    assertThat(w.welcome()).isEqualTo(welcome);
  }

  /** The answer to a member's own commit: accepted or rejected, skipping anything else. */
  private static ServerMessage awaitCommitResult(Participant p) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      ServerMessage m = p.client().poll(Duration.ofMillis(200));
      if (m instanceof ServerMessage.CommitAccepted || m instanceof ServerMessage.CommitRejected) {
        return m;
      }
    }
    throw new AssertionError("no commit result within 30 s");
  }

  @Test
  void firstCommitOfAnEpochWinsAndMessagesAreRouted(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting)) {
        assertThat(a.ready().epoch()).isEqualTo(-1);
        assertThat(a.ready().leaf()).isNull();
        registerAndAdd(meeting, a, b);
        c.client().send(new ClientMessage.JoinRequest(TestMls.keyPackage("c")));
        assertThat(a.client().expect(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());
        assertThat(b.client().awaitMessage(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());

        // Two members commit for epoch 1 at once: exactly one wins (whichever the server reads
        // first; the two connections race), the other is told why. Both commits add c, so c's
        // Welcome comes from whichever won.
        byte[] groupInfo2 = TestMls.groupInfo(meeting, 2);
        byte[] welcomeA = TestMls.welcome();
        byte[] welcomeB = TestMls.welcome();
        a.client().send(new ClientMessage.Commit(1, TestMls.commit(meeting, 1), welcomeA, groupInfo2,
            List.of(new RosterEntry(c.id(), 2)), List.of()));
        b.client().send(new ClientMessage.Commit(1, TestMls.commit(meeting, 1), welcomeB, groupInfo2,
            List.of(new RosterEntry(c.id(), 2)), List.of()));
        ServerMessage resultA = awaitCommitResult(a);
        ServerMessage resultB = awaitCommitResult(b);
        boolean aWon = resultA instanceof ServerMessage.CommitAccepted;
        assertThat(List.of(resultA, resultB)).as("exactly one commit of epoch 1 wins")
            .containsOnlyOnce(new ServerMessage.CommitAccepted(2));
        ServerMessage.CommitRejected lost = (ServerMessage.CommitRejected) (aWon ? resultB : resultA);
        assertThat(lost.epoch()).isEqualTo(1);
        assertThat(lost.currentEpoch()).isEqualTo(2);
        assertThat(lost.reason()).isEqualTo(DeliveryService.STALE_EPOCH);
        assertThat(c.client().awaitMessage(ServerMessage.Welcome.class).welcome())
            .isEqualTo(aWon ? welcomeA : welcomeB);

        // A commit that arrives after its epoch was taken is stale too, deterministically.
        Participant late = aWon ? b : a;
        late.client().send(new ClientMessage.Commit(1, TestMls.commit(meeting, 1), null, TestMls.groupInfo(meeting, 2),
            List.of(), List.of()));
        ServerMessage.CommitRejected stale = late.client().awaitMessage(ServerMessage.CommitRejected.class);
        assertThat(stale.currentEpoch()).isEqualTo(2);
        assertThat(stale.reason()).isEqualTo(DeliveryService.STALE_EPOCH);
        HttpResponse<byte[]> info = server.getBytes("/api/meetings/" + meeting + "/group-info");
        assertThat(info.body()).isEqualTo(groupInfo2);
        assertThat(info.headers().firstValue("Conclave-Epoch")).contains("2");

        // Application and proposal messages reach every other member, byte for byte.
        byte[] chat = TestMls.privateMessage(meeting, 2, ContentType.APPLICATION);
        b.client().send(new ClientMessage.Application(chat));
        for (Participant other : List.of(a, c)) {
          ServerMessage.Application got = other.client().awaitMessage(ServerMessage.Application.class);
          assertThat(got.from()).isEqualTo(b.id());
          assertThat(got.message()).isEqualTo(chat);
        }
        byte[] proposal = TestMls.privateMessage(meeting, 2, ContentType.PROPOSAL);
        c.client().send(new ClientMessage.Proposal(proposal));
        assertThat(a.client().awaitMessage(ServerMessage.Proposal.class).proposal()).isEqualTo(proposal);
        assertThat(b.client().awaitMessage(ServerMessage.Proposal.class).epoch()).isEqualTo(2);

        // A commit for another group is malformed: only its sender is closed.
        c.client().send(new ClientMessage.Commit(2, TestMls.commit("other", 2), null, TestMls.groupInfo(meeting, 3),
            List.of(), List.of()));
        assertThat(c.client().awaitClose()).isEqualTo(CloseCode.MALFORMED.code());
        a.client().send(new ClientMessage.Commit(2, TestMls.commit(meeting, 2), null, TestMls.groupInfo(meeting, 3),
            List.of(), List.of()));
        assertThat(a.client().awaitMessage(ServerMessage.CommitAccepted.class).epoch()).isEqualTo(3);
        assertThat(b.client().awaitMessage(ServerMessage.Commit.class).from()).isEqualTo(a.id());
      }
    }
  }

  @Test
  void membersAddedLaterReceiveTheJoinRequestsStillPending(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting); Participant d = server.join(meeting)) {
        a.client().send(new ClientMessage.RegisterGroup(TestMls.groupInfo(meeting, 0)));
        a.client().expect(ServerMessage.Registered.class);
        byte[] waiting = TestMls.keyPackage("c");
        c.client().send(new ClientMessage.JoinRequest(waiting));
        assertThat(a.client().expect(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());
        b.client().send(new ClientMessage.JoinRequest(TestMls.keyPackage("b")));
        assertThat(a.client().expect(ServerMessage.JoinRequest.class).from()).isEqualTo(b.id());

        // a adds only b: right after its Welcome, b learns of c's request.
        a.client().send(new ClientMessage.Commit(0, TestMls.commit(meeting, 0), TestMls.welcome(),
            TestMls.groupInfo(meeting, 1), List.of(new RosterEntry(b.id(), 1)), List.of()));
        a.client().expect(ServerMessage.CommitAccepted.class);
        b.client().expect(ServerMessage.Welcome.class);
        ServerMessage.JoinRequest seen = b.client().expect(ServerMessage.JoinRequest.class);
        assertThat(seen.from()).isEqualTo(c.id());
        assertThat(seen.keyPackage()).isEqualTo(waiting);

        // d joins by external commit: after its commit_accepted it learns of c's request too.
        d.client().send(new ClientMessage.Commit(1, TestMls.commit(meeting, 1), null, TestMls.groupInfo(meeting, 2),
            List.of(new RosterEntry(d.id(), 2)), List.of()));
        d.client().expect(ServerMessage.CommitAccepted.class);
        assertThat(d.client().expect(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());
        assertThat(d.client().poll(Duration.ofMillis(300))).as("nothing else pending").isNull();
      }
    }
  }

  @Test
  void outOfOrderMessagesCloseOnlyTheirSender(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          TestClient early = TestClient.connect(server.port())) {
        early.send(new ClientMessage.RegisterGroup(TestMls.groupInfo(meeting, 0)));
        assertThat(early.awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
        b.client().send(new ClientMessage.Commit(0, TestMls.commit(meeting, 0), null, TestMls.groupInfo(meeting, 1),
            List.of(), List.of()));
        assertThat(b.client().awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
        a.client().send(new ClientMessage.RegisterGroup(TestMls.groupInfo(meeting, 0)));
        a.client().expect(ServerMessage.Registered.class);
        a.client().send(new ClientMessage.RegisterGroup(TestMls.groupInfo(meeting, 0)));
        assertThat(a.client().awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void groupInfoAndParticipantsSurviveARestart(Databases kind, DatabaseExtension.Provider databases,
      @TempDir Path dir) throws Exception {
    Databases.Target db = databases.fresh(kind);
    String meeting;
    String resume;
    String creatorId;
    byte[] groupInfo1;
    try (TestServer server = TestServer.start(dir, b -> b.database(db.url(), db.user(), db.password()))) {
      meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting)) {
        registerAndAdd(meeting, a, b);
        groupInfo1 = server.getBytes("/api/meetings/" + meeting + "/group-info").body();
        resume = a.ready().resume();
        creatorId = a.id();
      }
    }
    try (TestServer server = TestServer.start(dir, b -> b.database(db.url(), db.user(), db.password()))) {
      HttpResponse<byte[]> info = server.getBytes("/api/meetings/" + meeting + "/group-info");
      assertThat(info.statusCode()).isEqualTo(200);
      assertThat(info.body()).isEqualTo(groupInfo1);
      assertThat(info.headers().firstValue("Conclave-Epoch")).contains("1");
      try (TestClient again = TestClient.connect(server.port())) {
        again.send(new ClientMessage.Hello(meeting, resume));
        ServerMessage.Ready ready = again.expect(ServerMessage.Ready.class);
        assertThat(ready.participant()).isEqualTo(creatorId);
        assertThat(ready.epoch()).isEqualTo(1);
        assertThat(ready.leaf()).isZero();
      }
    }
  }

  @Test
  void theServerProposesRemovalAfterTheGracePeriod(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir,
        b -> b.meetingLimits(new MeetingLimits(10, 10, Duration.ofMillis(1500))))) {
      String meeting = server.createMeeting().get("meetingId").asText();
      byte[] serverKey = server.server.serverKey().signatureKey();
      try (Participant a = server.join(meeting)) {
        Participant b = server.join(meeting);
        registerAndAdd(meeting, a, b);

        // B drops and resumes within the grace period (1.5 s: room for a loaded machine to
        // reconnect): nothing is proposed, not even after the grace period has passed.
        b.close();
        Thread.sleep(100);
        try (TestClient back = TestClient.connect(server.port())) {
          back.send(new ClientMessage.Hello(meeting, b.ready().resume()));
          assertThat(back.expect(ServerMessage.Ready.class).leaf()).isEqualTo(1);
          assertThat(a.client().poll(Duration.ofMillis(2000))).isNull();
        }

        // B is gone for good: after the grace period the server proposes Remove(leaf 1), signed.
        ServerMessage.Proposal p = a.client().expect(ServerMessage.Proposal.class);
        assertThat(p.from()).isEqualTo("server");
        assertThat(p.epoch()).isEqualTo(1);
        verifyRemove(p.proposal(), meeting, 1, 1, serverKey);

        // Still not committed at the next epoch: proposed again for that epoch.
        a.client().send(new ClientMessage.Commit(1, TestMls.commit(meeting, 1), null, TestMls.groupInfo(meeting, 2),
            List.of(), List.of()));
        a.client().expect(ServerMessage.CommitAccepted.class);
        verifyRemove(a.client().expect(ServerMessage.Proposal.class).proposal(), meeting, 2, 1, serverKey);

        // Committed: no more proposals.
        a.client().send(new ClientMessage.Commit(2, TestMls.commit(meeting, 2), null, TestMls.groupInfo(meeting, 3),
            List.of(), List.of(1L)));
        a.client().expect(ServerMessage.CommitAccepted.class);
        assertThat(a.client().poll(Duration.ofMillis(300))).isNull();
      }
    }
  }

  @Test
  void aByeRightBeforeTheClientsCloseFrameStillCounts(@TempDir Path dir) throws Exception {
    // The grace period is long: a lost bye would keep B in the meeting for a minute.
    try (TestServer server = TestServer.start(dir,
        b -> b.meetingLimits(new MeetingLimits(10, 10, Duration.ofSeconds(60))))) {
      String meeting = server.createMeeting().get("meetingId").asText();
      byte[] serverKey = server.server.serverKey().signatureKey();
      try (Participant a = server.join(meeting)) {
        Participant b = server.join(meeting);
        registerAndAdd(meeting, a, b);
        // The close frame arrives in the same read as the bye; it is handled on the I/O thread
        // while the bye waits for the delivery-service executor, and must not cancel it.
        b.client().sendAndClose(new ClientMessage.Bye());
        assertThat(b.client().awaitClose()).isNotZero();
        ServerMessage.Proposal p = a.client().expect(ServerMessage.Proposal.class);
        assertThat(p.from()).isEqualTo("server");
        verifyRemove(p.proposal(), meeting, 1, 1, serverKey);
      }
    }
  }

  private static void verifyRemove(byte[] message, String meeting, long epoch, long leaf, byte[] serverKey) {
    MlsMessage decoded = TlsReader.decodeFully(message, MlsMessage::decode);
    assertThat(decoded.body()).isInstanceOf(MlsMessage.Public.class);
    PublicMessage pm = ((MlsMessage.Public) decoded.body()).message();
    assertThat(pm.content().groupId()).isEqualTo(meeting.getBytes());
    assertThat(pm.content().epoch()).isEqualTo(epoch);
    assertThat(pm.content().sender()).isEqualTo(new Sender.External(0));
    assertThat(pm.content().content()).isEqualTo(new Content.ProposalContent(new Remove(leaf)));
    ContentAuthentication.verify(CipherSuites.get(1), serverKey,
        new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, pm.content(), pm.auth()), null);
  }
}
