package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.admission.ConclaveExtensions;
import io.conclave.admission.Hosts;
import io.conclave.admission.JoinKeyPackage;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.ds.DeliveryService;
import io.conclave.server.meeting.MeetingLimits;
import io.conclave.server.testing.DatabaseExtension;
import io.conclave.server.testing.Databases;
import io.conclave.server.testing.LeakRecorder;
import io.conclave.server.testing.TestClient;
import io.conclave.server.testing.TestGroup;
import io.conclave.server.testing.TestGroup.Member;
import io.conclave.server.testing.TestMls;
import io.conclave.server.testing.TestServer;
import io.conclave.server.testing.TestServer.Participant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The delivery service with real MLS groups: it follows each group with a public view and accepts
 * only commits that verify against it (docs/PROTOCOL.md, "Rules the server applies").
 */
@ExtendWith(DatabaseExtension.class)
class DeliveryServiceIntegrationTest {

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakRecorder.assertNoLeaks();
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

  private static String rejection(Participant p) throws InterruptedException {
    ServerMessage m = awaitCommitResult(p);
    assertThat(m).isInstanceOf(ServerMessage.CommitRejected.class);
    return ((ServerMessage.CommitRejected) m).reason();
  }

  private static long epochOf(TestServer server, String meeting) throws Exception {
    return TestServer.json(server.get("/api/meetings/" + meeting).body()).get("epoch").asLong();
  }

  /** A's honest commit of the group's epoch is still accepted: nothing before it moved the epoch. */
  private static void honestCommitStillWins(TestGroup group, Participant a) throws InterruptedException {
    group.commitAccepted(group.member(a), CommitOptions.DEFAULT);
  }

  @Test
  void firstCommitOfAnEpochWinsAndMessagesAreRouted(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting)) {
        assertThat(a.ready().epoch()).isEqualTo(-1);
        assertThat(a.ready().leaf()).isNull();
        TestGroup group = TestGroup.of(server, meeting, a, b);
        KeyPackageBundle kc = TestGroup.keyPackage("c");
        c.client().send(new ClientMessage.JoinRequest(kc.toMessage().toBytes()));
        assertThat(a.client().awaitMessage(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());
        assertThat(b.client().awaitMessage(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());

        // Two members commit for epoch 1 at once, both adding c: exactly one wins (whichever the
        // server reads first), the other is told why; c's Welcome comes from the winner.
        Member ma = group.member(a);
        Member mb = group.member(b);
        CommitOutput outA = ma.group().commit(CommitOptions.builder().add(kc.keyPackage()).build());
        CommitOutput outB = mb.group().commit(CommitOptions.builder().add(kc.keyPackage()).build());
        ClientMessage.Commit commitA = TestGroup.commitMessage(ma, outA);
        ClientMessage.Commit commitB = TestGroup.commitMessage(mb, outB);
        a.client().send(commitA);
        b.client().send(commitB);
        ServerMessage resultA = awaitCommitResult(a);
        ServerMessage resultB = awaitCommitResult(b);
        boolean aWon = resultA instanceof ServerMessage.CommitAccepted;
        assertThat(List.of(resultA, resultB)).as("exactly one commit of epoch 1 wins")
            .containsOnlyOnce(new ServerMessage.CommitAccepted(2));
        ServerMessage.CommitRejected lost = (ServerMessage.CommitRejected) (aWon ? resultB : resultA);
        assertThat(lost.epoch()).isEqualTo(1);
        assertThat(lost.currentEpoch()).isEqualTo(2);
        assertThat(lost.reason()).isEqualTo(DeliveryService.STALE_EPOCH);
        Member winner = aWon ? ma : mb;
        Member loser = aWon ? mb : ma;
        ClientMessage.Commit won = aWon ? commitA : commitB;
        loser.group().discardPendingCommit();
        group.applied(winner, aWon ? outA : outB);
        ServerMessage.Welcome welcome = c.client().awaitMessage(ServerMessage.Welcome.class);
        assertThat(welcome.welcome()).isEqualTo(won.welcome());
        group.joined(c, Group.joinFromWelcome(TestGroup.decode(welcome.welcome()), kc, Optional.empty(),
            GroupConfig.DEFAULT), kc.signatureKeyPair());

        // A commit that arrives after its epoch was taken is stale too, deterministically.
        loser.participant().client().send(aWon ? commitB : commitA);
        ServerMessage.CommitRejected stale = loser.participant().client().awaitMessage(ServerMessage.CommitRejected.class);
        assertThat(stale.currentEpoch()).isEqualTo(2);
        assertThat(stale.reason()).isEqualTo(DeliveryService.STALE_EPOCH);
        HttpResponse<byte[]> info = server.getBytes("/api/meetings/" + meeting + "/group-info",
            server.hostToken(meeting));
        assertThat(info.body()).isEqualTo(won.groupInfo());
        assertThat(info.headers().firstValue("Conclave-Epoch")).contains("2");

        // Application messages reach every other member, byte for byte.
        byte[] chat = TestMls.privateMessage(meeting, 2, ContentType.APPLICATION);
        b.client().send(new ClientMessage.Application(chat));
        for (Participant other : List.of(a, c)) {
          ServerMessage.Application got = other.client().awaitMessage(ServerMessage.Application.class);
          assertThat(got.from()).isEqualTo(b.id());
          assertThat(got.message()).isEqualTo(chat);
        }

        // c, now a member, commits: the others get it.
        group.commitAccepted(group.member(c), CommitOptions.DEFAULT);
        assertThat(a.client().awaitMessage(ServerMessage.Commit.class).from()).isEqualTo(c.id());
        assertThat(b.client().awaitMessage(ServerMessage.Commit.class).from()).isEqualTo(c.id());

        // Only the relay proposes: a member's proposal closes its connection.
        c.client().send(new ClientMessage.Proposal(group.member(c).group().proposeUpdate().toBytes()));
        assertThat(c.client().awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
        assertThat(a.client().poll(Duration.ofMillis(300))).as("nothing forwarded").isNull();

        // A commit sent as PrivateMessage is malformed: only its sender is closed.
        b.client().send(new ClientMessage.Commit(3, TestMls.commit(meeting, 3), null, TestMls.groupInfo(meeting, 4)));
        assertThat(b.client().awaitClose()).isEqualTo(CloseCode.MALFORMED.code());
        assertThat(a.client().isOpen()).isTrue();
      }
    }
  }

  @Test
  void membersAddedLaterReceiveTheJoinRequestsStillPending(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting)) {
        TestGroup group = TestGroup.register(server, meeting, a);
        byte[] waiting = TestMls.keyPackage("c");
        c.client().send(new ClientMessage.JoinRequest(waiting));
        assertThat(a.client().expect(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());

        // a adds only b: right after its Welcome, b learns of c's request.
        group.add(b);
        ServerMessage.JoinRequest seen = b.client().expect(ServerMessage.JoinRequest.class);
        assertThat(seen.from()).isEqualTo(c.id());
        assertThat(seen.keyPackage()).isEqualTo(waiting);
        assertThat(b.client().poll(Duration.ofMillis(300))).as("nothing else pending").isNull();
      }
    }
  }

  @Test
  void aJoinRequestWhoseSenderIsGoneIsWithdrawnFromMembers(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting)) {
        TestGroup group = TestGroup.register(server, meeting, a);
        c.client().send(new ClientMessage.JoinRequest(TestMls.keyPackage("c")));
        assertThat(a.client().expect(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());
        // b is added, then c gives up waiting: a and b are told; b's own departure later is not a
        // withdrawn request (b is a member).
        group.add(b);
        assertThat(b.client().expect(ServerMessage.JoinRequest.class).from()).isEqualTo(c.id());
        c.client().sendAndClose(new ClientMessage.Bye());
        assertThat(a.client().awaitMessage(ServerMessage.JoinRequestWithdrawn.class).from()).isEqualTo(c.id());
        assertThat(b.client().awaitMessage(ServerMessage.JoinRequestWithdrawn.class).from()).isEqualTo(c.id());
        b.client().sendAndClose(new ClientMessage.Bye());
        ServerMessage next;
        while ((next = a.client().poll(Duration.ofMillis(500))) != null) {
          assertThat(next).as("a member's leaving is a Remove proposal, not a withdrawn request")
              .isNotInstanceOf(ServerMessage.JoinRequestWithdrawn.class);
        }
      }
    }
  }

  @Test
  void outOfOrderMessagesCloseOnlyTheirSender(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      String token = server.hostToken(meeting);
      byte[] groupInfo = TestGroup.newGroup(server, meeting, "a", TestGroup.SUITE.generateSignatureKeyPair())
          .groupInfo(false).toBytes();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          TestClient early = TestClient.connect(server.port())) {
        early.send(new ClientMessage.RegisterGroup(groupInfo, token));
        assertThat(early.awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
        b.client().send(new ClientMessage.Commit(0, TestMls.commit(meeting, 0), null, TestMls.groupInfo(meeting, 1)));
        assertThat(b.client().awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
        a.client().send(new ClientMessage.RegisterGroup(groupInfo, token));
        a.client().expect(ServerMessage.Registered.class);
        a.client().send(new ClientMessage.RegisterGroup(groupInfo, token));
        assertThat(a.client().awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());
      }
    }
  }

  @Test
  void registrationNeedsTheHostTokenAndAVerifiableGroupInfoWithoutExternalPub(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      String token = server.hostToken(meeting);
      Group group = TestGroup.newGroup(server, meeting, "a", TestGroup.SUITE.generateSignatureKeyPair());
      byte[] good = group.groupInfo(false).toBytes();
      String otherMeeting = server.createMeeting().get("meetingId").asText();

      // Without the host token, with another meeting's, with a made-up one: 4407.
      for (String wrong : new String[] {null, server.hostToken(otherMeeting), "forged_token"}) {
        try (Participant p = server.join(meeting)) {
          p.client().send(new ClientMessage.RegisterGroup(good, wrong));
          assertThat(p.client().awaitClose()).as("token %s", wrong).isEqualTo(CloseCode.NOT_AUTHORISED.code());
        }
      }
      // With the token but a GroupInfo anyone could join by external commit, one without the
      // ratchet tree, one with a broken signature, or one whose group lacks the server as external
      // sender: 4400.
      byte[] withExternalPub = group.groupInfo(true).toBytes();
      byte[] withoutTree = Group.create(TestGroup.SUITE, meeting.getBytes(), new io.conclave.mls.credential.Credential.Basic(
              "a".getBytes()), TestGroup.SUITE.generateSignatureKeyPair(),
          List.of(new io.conclave.mls.extension.ExternalSenders(List.of(server.externalSender())).toExtension()),
          GroupConfig.builder().ratchetTreeExtension(false).build()).groupInfo(false).toBytes();
      byte[] badSignature = good.clone();
      badSignature[badSignature.length - 1] ^= 1;
      byte[] noServer = Group.create(TestGroup.SUITE, meeting.getBytes(), new io.conclave.mls.credential.Credential.Basic(
          "a".getBytes()), TestGroup.SUITE.generateSignatureKeyPair(), GroupConfig.DEFAULT).groupInfo(false).toBytes();
      for (byte[] bad : List.of(withExternalPub, withoutTree, badSignature, noServer)) {
        try (Participant p = server.join(meeting)) {
          p.client().send(new ClientMessage.RegisterGroup(bad, token));
          assertThat(p.client().awaitClose()).isEqualTo(CloseCode.MALFORMED.code());
        }
      }
      assertThat(epochOf(server, meeting)).isEqualTo(-1);
      try (Participant p = server.join(meeting)) {
        p.client().send(new ClientMessage.RegisterGroup(good, token));
        p.client().expect(ServerMessage.Registered.class);
      }
      assertThat(epochOf(server, meeting)).isZero();
    }
  }

  @Test
  void aNonMemberCannotCommitNorChangeWhoGetsMedia(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant intruder = server.join(meeting); Participant intruder2 = server.join(meeting)) {
        TestGroup group = TestGroup.of(server, meeting, a, b);
        Member ma = group.member(a);

        // The GroupInfo is not public any more, and the one the relay holds has no external_pub.
        assertThat(server.getBytes("/api/meetings/" + meeting + "/group-info").statusCode()).isEqualTo(401);

        // A perfectly valid commit of a member (leaf 0), replayed by a non-member: 4409.
        CommitOutput out = ma.group().commit(CommitOptions.DEFAULT);
        ClientMessage.Commit stolen = TestGroup.commitMessage(ma, out);
        intruder.client().send(stolen);
        assertThat(intruder.client().awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());

        // An external commit from a GroupInfo with external_pub (as if it leaked): 4409 too.
        var join = Group.joinExternally(groupInfoBefore(group), new io.conclave.mls.credential.Credential.Basic(
            "intruder".getBytes()), TestGroup.SUITE.generateSignatureKeyPair(), GroupConfig.DEFAULT);
        intruder2.client().send(new ClientMessage.Commit(1, join.commit().toBytes(), null,
            TestMls.withoutExternalPub(join.group().groupInfo(false), TestGroup.SUITE.generateSignatureKeyPair())
                .toBytes()));
        assertThat(intruder2.client().awaitClose()).isEqualTo(CloseCode.OUT_OF_ORDER.code());

        // Nothing moved: same epoch, same media roster, and a's own commit is the one that wins.
        assertThat(epochOf(server, meeting)).isEqualTo(1);
        assertThat(b.client().poll(Duration.ofMillis(200))).isNull();
        a.client().send(stolen);
        assertThat(a.client().awaitMessage(ServerMessage.CommitAccepted.class).epoch()).isEqualTo(2);
        group.applied(ma, out);
        byte[] frame = MediaRelayIntegrationTest.frame(io.conclave.sframe.media.Track.AUDIO, false, 1, 100);
        a.client().sendMedia(frame);
        assertThat(b.client().nextMedia()).isEqualTo(frame);
      }
    }
  }

  /** The GroupInfo with external_pub of the group's current epoch, as a member could leak it. */
  private static MlsMessage groupInfoBefore(TestGroup group) {
    return group.committer().group().groupInfo(true);
  }

  @Test
  void aMemberCommitsOnlyAsItselfAndOnlyValidCommits(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting)) {
        TestGroup group = TestGroup.of(server, meeting, a, b);
        Member ma = group.member(a);
        Member mb = group.member(b);

        // b sends a's commit (MLS sender leaf 0): rejected, b stays connected.
        CommitOutput outA = ma.group().commit(CommitOptions.DEFAULT);
        ClientMessage.Commit commitA = TestGroup.commitMessage(ma, outA);
        b.client().send(commitA);
        assertThat(rejection(b)).isEqualTo(DeliveryService.INVALID_COMMIT);

        // a's commit with one bit of its signature flipped: invalid_commit.
        a.client().send(new ClientMessage.Commit(1, tamperSignature(commitA.commit()), null, commitA.groupInfo()));
        assertThat(rejection(a)).isEqualTo(DeliveryService.INVALID_COMMIT);

        // A GroupInfo with external_pub, or signed by someone else: invalid_group_info.
        a.client().send(new ClientMessage.Commit(1, commitA.commit(), null,
            TestMls.withExternalPub(outA.groupInfo(), ma.keys()).toBytes()));
        assertThat(rejection(a)).isEqualTo(DeliveryService.INVALID_GROUP_INFO);
        a.client().send(new ClientMessage.Commit(1, commitA.commit(), null,
            TestMls.withoutExternalPub(outA.groupInfo(), mb.keys()).toBytes()));
        assertThat(rejection(a)).isEqualTo(DeliveryService.INVALID_GROUP_INFO);
        ma.group().discardPendingCommit();

        // b, a member, commits as a new member (external commit): invalid_commit.
        var external = Group.joinExternally(ma.group().groupInfo(true), new io.conclave.mls.credential.Credential.Basic(
            "b again".getBytes()), mb.keys(), GroupConfig.DEFAULT);
        b.client().send(new ClientMessage.Commit(1, external.commit().toBytes(), null,
            TestMls.withoutExternalPub(external.group().groupInfo(false), mb.keys()).toBytes()));
        assertThat(rejection(b)).isEqualTo(DeliveryService.INVALID_COMMIT);

        // a adds a KeyPackage nobody asked to join with: unknown_key_package.
        KeyPackageBundle stranger = TestGroup.keyPackage("stranger");
        CommitOutput sneaky = ma.group().commit(CommitOptions.builder().add(stranger.keyPackage()).build());
        a.client().send(TestGroup.commitMessage(ma, sneaky));
        assertThat(rejection(a)).isEqualTo(DeliveryService.UNKNOWN_KEY_PACKAGE);
        ma.group().discardPendingCommit();

        // c asks; a commit adding c's KeyPackage without the Welcome: invalid_welcome.
        KeyPackageBundle kc = TestGroup.keyPackage("c");
        c.client().send(new ClientMessage.JoinRequest(kc.toMessage().toBytes()));
        a.client().awaitMessage(ServerMessage.JoinRequest.class);
        CommitOutput addC = ma.group().commit(CommitOptions.builder().add(kc.keyPackage()).build());
        ClientMessage.Commit addCMessage = TestGroup.commitMessage(ma, addC);
        a.client().send(new ClientMessage.Commit(1, addCMessage.commit(), null, addCMessage.groupInfo()));
        assertThat(rejection(a)).isEqualTo(DeliveryService.INVALID_WELCOME);

        // None of it moved the epoch or gave c media; the complete commit then wins and c is a member.
        assertThat(epochOf(server, meeting)).isEqualTo(1);
        byte[] frame = MediaRelayIntegrationTest.frame(io.conclave.sframe.media.Track.AUDIO, false, 1, 100);
        a.client().sendMedia(frame);
        assertThat(b.client().nextMedia()).isEqualTo(frame);
        assertThat(c.client().nextMedia(Duration.ofMillis(300))).isNull();
        a.client().send(addCMessage);
        assertThat(a.client().awaitMessage(ServerMessage.CommitAccepted.class).epoch()).isEqualTo(2);
        group.applied(ma, addC);
        assertThat(c.client().awaitMessage(ServerMessage.Welcome.class).welcome()).isEqualTo(addCMessage.welcome());
        a.client().sendMedia(frame);
        assertThat(c.client().nextMedia()).isEqualTo(frame);
      }
    }
  }

  /**
   * A commit the admission decision table refuses (docs/PROTOCOL.md, "Admission decisions") would
   * leave every honest member behind if the relay accepted it: a member that is not a host, or a
   * host's client gone bad, could stall the meeting for good. The relay refuses it instead.
   */
  @Test
  void aCommitEveryHonestMemberWouldRefuseIsRefusedSoTheMeetingGoesOn(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting)) {
        TestGroup group = TestGroup.registerAsConclave(server, meeting, a);
        group.add(b);
        Member host = group.member(a);
        Member guest = group.member(b);
        long epoch = epochOf(server, meeting);

        // b, not a host, names itself host: gce_not_host.
        List<Extension> guestAsHost = replaced(guest.group().groupContextExtensions(),
            new Hosts(List.of(guest.keys().publicKey())).toExtension());
        assertRefused(guest, CommitOptions.builder().groupContextExtensions(guestAsHost).build());
        // The host changes the relay's key (external_senders_changed), adds an extension of another
        // type (extensions_changed), or drops itself from an empty host list (hosts_invalid).
        ExternalSender otherRelay = new ExternalSender(TestGroup.SUITE.generateSignatureKeyPair().publicKey(),
            new io.conclave.mls.credential.Credential.Basic("relay".getBytes(StandardCharsets.UTF_8)));
        assertRefused(host, CommitOptions.builder().groupContextExtensions(replaced(
            host.group().groupContextExtensions(), new ExternalSenders(List.of(otherRelay)).toExtension())).build());
        List<Extension> withOther = new ArrayList<>(host.group().groupContextExtensions());
        // required_capabilities (RFC 9420 §11.1, type 3) requiring nothing: valid MLS, not Conclave's.
        withOther.add(new Extension(3, new byte[] {0, 0, 0}));
        assertRefused(host, CommitOptions.builder().groupContextExtensions(withOther).build());
        assertRefused(host, CommitOptions.builder().groupContextExtensions(replaced(
            host.group().groupContextExtensions(), new Extension(ConclaveExtensions.HOSTS, new byte[] {0}))).build());
        assertThat(epochOf(server, meeting)).isEqualTo(epoch);

        // The host makes b a host (shown, applied); then b may change the hosts too.
        List<Extension> both = replaced(host.group().groupContextExtensions(),
            new Hosts(List.of(host.keys().publicKey(), guest.keys().publicKey())).toExtension());
        group.commitAccepted(host, CommitOptions.builder().groupContextExtensions(both).build());
        List<Extension> onlyGuest = replaced(guest.group().groupContextExtensions(),
            new Hosts(List.of(guest.keys().publicKey())).toExtension());
        group.commitAccepted(guest, CommitOptions.builder().groupContextExtensions(onlyGuest).build());
        assertThat(epochOf(server, meeting)).isEqualTo(epoch + 2);
        // Every member applied both: nobody was left behind.
        assertThat(host.group().epoch()).isEqualTo(epoch + 2);
        assertThat(guest.group().epoch()).isEqualTo(epoch + 2);
      }
    }
  }

  /**
   * Only hosts remove admitted members (added by invite proof or by a host, or the creator) by
   * value; any member removes one nobody admitted, as members do with unauthorised leaves
   * (docs/PROTOCOL.md, "Commits" step 4). The relay judges the Adds as members do.
   */
  @Test
  void onlyHostsRemoveAdmittedMembersButAnyMemberRemovesOneNobodyAdmitted(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String meeting = server.createMeeting().get("meetingId").asText();
      try (Participant a = server.join(meeting); Participant b = server.join(meeting);
          Participant c = server.join(meeting); Participant d = server.join(meeting);
          Participant e = server.join(meeting)) {
        TestGroup group = TestGroup.registerAsConclave(server, meeting, a);
        group.add(b, c);
        Member host = group.member(a);
        Member mb = group.member(b);
        Member mc = group.member(c);

        // b, not a host, removes c, whom the host added: refused; nor may it remove the host.
        assertRefused(mb, CommitOptions.builder().remove(mc.leaf()).build());
        assertRefused(mb, CommitOptions.builder().remove(host.leaf()).build());

        // b adds d without an invite proof: accepted (members flag d), but d is not admitted.
        KeyPackageBundle kd = JoinKeyPackage.create(TestGroup.SUITE, "d", TestGroup.SUITE.generateSignatureKeyPair(),
            meeting, Optional.empty(), Instant.now());
        d.client().send(new ClientMessage.JoinRequest(kd.toMessage().toBytes()));
        b.client().awaitMessage(ServerMessage.JoinRequest.class);
        CommitOutput addD = mb.group().commit(CommitOptions.builder().add(kd.keyPackage()).build());
        b.client().send(TestGroup.commitMessage(mb, addD));
        b.client().awaitMessage(ServerMessage.CommitAccepted.class);
        group.applied(mb, addD);
        LeafIndex leafOfD = new LeafIndex(3);

        // c, not a host either, removes d: accepted.
        group.commitAccepted(mc, CommitOptions.builder().remove(leafOfD).build());

        // e asks with d's KeyPackage again (a replay) and the host adds it: a KeyPackage seen
        // added before is not admitted, even by a host, so b may remove that leaf too.
        e.client().send(new ClientMessage.JoinRequest(kd.toMessage().toBytes()));
        a.client().awaitMessage(ServerMessage.JoinRequest.class);
        group.commitAccepted(host, CommitOptions.builder().add(kd.keyPackage()).build());
        group.commitAccepted(mb, CommitOptions.builder().remove(leafOfD).build());

        // The host removes c, whom it admitted: accepted.
        group.commitAccepted(host, CommitOptions.builder().remove(mc.leaf()).build());
        assertThat(host.group().roster()).extracting(m -> m.leafIndex().value()).containsExactly(0, 1);
      }
    }
  }

  /** {@code by} commits: refused with {@code admission_refused}; its pending commit is dropped. */
  private static void assertRefused(Member by, CommitOptions options) throws InterruptedException {
    CommitOutput out = by.group().commit(options);
    by.participant().client().send(TestGroup.commitMessage(by, out));
    assertThat(rejection(by.participant())).isEqualTo(DeliveryService.ADMISSION_REFUSED);
    by.group().discardPendingCommit();
  }

  /** {@code extensions} with the one of {@code replacement}'s type replaced by it. */
  private static List<Extension> replaced(List<Extension> extensions, Extension replacement) {
    List<Extension> out = new ArrayList<>();
    for (Extension e : extensions) {
      out.add(e.type() == replacement.type() ? replacement : e);
    }
    return out;
  }

  /** {@code commit} (a PublicMessage) with the last byte of its FramedContent signature flipped. */
  private static byte[] tamperSignature(byte[] commit) {
    PublicMessage pm = ((MlsMessage.Public) TestGroup.decode(commit).body()).message();
    byte[] signature = pm.auth().signature();
    byte[] out = commit.clone();
    for (int i = 0; i + signature.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + signature.length, signature, 0, signature.length)) {
        out[i + signature.length - 1] ^= 1;
        return out;
      }
    }
    throw new AssertionError("signature not found in the encoding");
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void theGroupAndTheRelaysProposalsSurviveARestart(Databases kind, DatabaseExtension.Provider databases,
      @TempDir Path dir) throws Exception {
    Databases.Target db = databases.fresh(kind);
    String meeting;
    String token;
    String resume;
    String creatorId;
    byte[] groupInfo1;
    TestGroup group;
    try (TestServer server = TestServer.start(dir, b -> b.database(db.url(), db.user(), db.password()))) {
      meeting = server.createMeeting().get("meetingId").asText();
      token = server.hostToken(meeting);
      try (Participant a = server.join(meeting); Participant b = server.join(meeting)) {
        group = TestGroup.of(server, meeting, a, b);
        groupInfo1 = server.getBytes("/api/meetings/" + meeting + "/group-info", token).body();
        resume = a.ready().resume();
        creatorId = a.id();
        // b leaves: the relay proposes its removal, which a keeps for its next commit.
        b.client().send(new ClientMessage.Bye());
        ServerMessage.Proposal p = a.client().awaitMessage(ServerMessage.Proposal.class);
        assertThat(p.from()).isEqualTo("server");
        group.member(a).group().process(TestGroup.decode(p.proposal()));
      }
    }
    try (TestServer server = TestServer.start(dir, b -> b.database(db.url(), db.user(), db.password()))) {
      HttpResponse<byte[]> info = server.getBytes("/api/meetings/" + meeting + "/group-info", token);
      assertThat(info.statusCode()).isEqualTo(200);
      assertThat(info.body()).isEqualTo(groupInfo1);
      assertThat(info.headers().firstValue("Conclave-Epoch")).contains("1");
      try (TestClient again = TestClient.connect(server.port())) {
        again.send(new ClientMessage.Hello(meeting, resume));
        ServerMessage.Ready ready = again.expect(ServerMessage.Ready.class);
        assertThat(ready.participant()).isEqualTo(creatorId);
        assertThat(ready.epoch()).isEqualTo(1);
        assertThat(ready.leaf()).isZero();
        assertThat(again.expect(ServerMessage.Proposal.class).from()).as("the stored proposal again").isEqualTo("server");

        // The rebuilt public view accepts a's next commit, which covers the stored proposal by
        // reference and so removes b.
        Member ma = group.member(group.committer().participant());
        CommitOutput out = ma.group().commit(CommitOptions.DEFAULT);
        again.send(TestGroup.commitMessage(ma, out));
        assertThat(again.awaitMessage(ServerMessage.CommitAccepted.class).epoch()).isEqualTo(2);
        ma.group().mergePendingCommit();
        assertThat(ma.group().roster()).hasSize(1);
        assertThat(again.poll(Duration.ofMillis(300))).as("b's removal is not proposed again").isNull();
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
        TestGroup group = TestGroup.of(server, meeting, a, b);
        Member ma = group.member(a);

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

        // Not covered by the next commit: proposed again for the new epoch.
        group.commitAccepted(ma, CommitOptions.builder().includePendingProposals(false).build());
        ServerMessage.Proposal again = a.client().expect(ServerMessage.Proposal.class);
        verifyRemove(again.proposal(), meeting, 2, 1, serverKey);

        // Committed by reference: no more proposals.
        group.proposalReceived(again.proposal());
        group.commitAccepted(ma, CommitOptions.DEFAULT);
        assertThat(ma.group().roster()).hasSize(1);
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
        TestGroup.of(server, meeting, a, b);
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
