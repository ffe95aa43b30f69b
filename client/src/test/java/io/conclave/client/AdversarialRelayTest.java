package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.admission.Hosts;
import io.conclave.admission.InviteKey;
import io.conclave.admission.InviteSecret;
import io.conclave.admission.JoinKeyPackage;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalPub;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PublicMessageProtection;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 10, each played by a relay that tests can program ({@link HostileRelay}: the
 * man in the middle that whoever runs the relay's host is) against real Java clients and the real
 * relay software (docs/SECURITY.md, "Against a malicious relay"). Each test names its attack.
 */
class AdversarialRelayTest {
  private final CipherSuite suite = CipherSuites.get(MeetingClient.CIPHER_SUITE);

  private static String id(MeetingClient c) {
    return c.participantId().orElseThrow();
  }

  private static byte[] groupId(MeetingClient c) {
    return c.meetingId().getBytes(StandardCharsets.US_ASCII);
  }

  /** Every commit any client sent through the relay, decoded. */
  private static List<MlsMessage> commitsSent(HostileRelay relay) {
    List<MlsMessage> out = new ArrayList<>();
    for (HostileRelay.Link l : relay.links()) {
      for (ClientMessage.Commit c : l.sent(ClientMessage.Commit.class)) {
        out.add(TlsReader.decodeFully(c.commit(), MlsMessage::decode));
      }
    }
    return out;
  }

  private static List<ProposalOrRef> proposalsOf(MlsMessage commit) {
    MlsMessage.Public p = (MlsMessage.Public) commit.body();
    return ((Content.CommitContent) p.message().content().content()).commit().proposals();
  }

  private KeyPackageBundle relayKeyPackage(MeetingClient anyMember) {
    return JoinKeyPackage.create(suite, "relay", suite.generateSignatureKeyPair(), anyMember.meetingId(),
        Optional.empty(), Instant.now());
  }

  /** Attack 1: the relay signs an Add of its own KeyPackage with its external-sender key. */
  @Test
  void attack1RelaysOwnAddIsNeverCommitted() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = host.inviteLink().orElseThrow();
      MeetingClient member = meeting.join(link, "member");
      long epoch = LiveMeeting.awaitConverged(List.of(host, member));
      KeyPackageBundle relayKp = relayKeyPackage(host);
      byte[] proposal = meeting.server.serverKey().propose(groupId(host), epoch, new Add(relayKp.keyPackage()));
      for (MeetingClient c : List.of(host, member)) {
        meeting.hostile.link(id(c)).inject(new ServerMessage.Proposal("server", epoch, proposal));
      }
      // Give the members work so that they commit: a third participant joins with the link.
      MeetingClient third = meeting.join(link, "third");
      LiveMeeting.awaitConverged(List.of(host, member, third));

      for (MlsMessage commit : commitsSent(meeting.hostile)) {
        for (ProposalOrRef p : proposalsOf(commit)) {
          assertThat(p).as("no commit refers to a stored proposal").isInstanceOf(ProposalOrRef.Inline.class);
          if (((ProposalOrRef.Inline) p).proposal() instanceof Add add) {
            assertThat(add.keyPackage().leafNode().signatureKey()).isNotEqualTo(
                relayKp.keyPackage().leafNode().signatureKey());
          }
        }
      }
      for (MeetingClient c : List.of(host, member, third)) {
        assertThat(c.roster()).extracting(Participant::name).containsExactly("host", "member", "third");
        assertThat(c.roster()).noneMatch(Participant::unauthorised);
      }
    }
  }

  /**
   * Attack 2: taking a seat by external commit needs {@code external_pub}; no GroupInfo a client
   * gives the relay carries it, and the relay serves GroupInfos only to the host token. (A client
   * refuses an external commit even if one is made: CommitInspectionTest.)
   */
  @Test
  void attack2NoGroupInfoCarriesExternalPub() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host");
      MeetingClient member = meeting.join(host.inviteLink().orElseThrow(), "member");
      LiveMeeting.awaitConverged(List.of(host, member));
      List<byte[]> infos = new ArrayList<>();
      for (HostileRelay.Link l : meeting.hostile.links()) {
        l.sent(ClientMessage.RegisterGroup.class).forEach(r -> infos.add(r.groupInfo()));
        l.sent(ClientMessage.Commit.class).forEach(c -> infos.add(c.groupInfo()));
      }
      assertThat(infos).hasSizeGreaterThanOrEqualTo(2);
      for (byte[] info : infos) {
        MlsMessage.GroupInfoBody body = (MlsMessage.GroupInfoBody) TlsReader.decodeFully(info, MlsMessage::decode)
            .body();
        assertThat(body.groupInfo().extensions()).extracting(Extension::type).doesNotContain(ExternalPub.EXTENSION_TYPE);
      }
    }
  }

  /** Attack 3: the relay rewrites {@code conclave_hosts} and {@code external_senders} by an external GCE. */
  @Test
  void attack3RelaysGroupContextExtensionsAreDropped() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = host.inviteLink().orElseThrow();
      MeetingClient member = meeting.join(link, "member");
      long epoch = LiveMeeting.awaitConverged(List.of(host, member));
      SignatureKeyPair relayHost = suite.generateSignatureKeyPair();
      List<Extension> rewritten = List.of(
          new ExternalSenders(List.of(new ExternalSender(relayHost.publicKey(),
              new Credential.Basic("relay".getBytes(StandardCharsets.UTF_8))))).toExtension(),
          new Hosts(List.of(relayHost.publicKey())).toExtension(),
          InviteKey.extension(InviteSecret.generate(new SecureRandom()), host.meetingId()));
      byte[] proposal = meeting.server.serverKey().propose(groupId(host), epoch, new GroupContextExtensions(rewritten));
      for (MeetingClient c : List.of(host, member)) {
        meeting.hostile.link(id(c)).inject(new ServerMessage.Proposal("server", epoch, proposal));
      }
      MeetingClient third = meeting.join(link, "third");
      LiveMeeting.awaitConverged(List.of(host, member, third));
      for (MlsMessage commit : commitsSent(meeting.hostile)) {
        assertThat(proposalsOf(commit)).allMatch(p -> p instanceof ProposalOrRef.Inline i
            && !(i.proposal() instanceof GroupContextExtensions));
      }
      for (MeetingClient c : List.of(host, member, third)) {
        assertThat(c.roster()).filteredOn(Participant::host).extracting(Participant::name).containsExactly("host");
      }
    }
  }

  /** Attack 4: the relay delivers a commit forged by a non-member (signed with a key not in the tree). */
  @Test
  void attack4ForgedCommitIsNotApplied() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = host.inviteLink().orElseThrow();
      MeetingClient member = meeting.join(link, "member");
      long epoch = LiveMeeting.awaitConverged(List.of(host, member));
      String code = host.securityCode().orElseThrow().toString();
      // A group of the forger's own with the meeting's id, brought to the same epoch: its commit
      // names sender leaf 0 (the host's leaf in the real tree) but is signed by the forger.
      Group fake = Group.create(suite, groupId(host), new Credential.Basic("host".getBytes(StandardCharsets.UTF_8)),
          suite.generateSignatureKeyPair(), GroupConfig.DEFAULT);
      while (fake.epoch() < epoch) {
        fake.commit(CommitOptions.DEFAULT);
        fake.mergePendingCommit();
      }
      CommitOutput forged = fake.commit(CommitOptions.builder().add(relayKeyPackage(host).keyPackage()).build());
      meeting.hostile.link(id(member)).inject(new ServerMessage.Commit(id(host), epoch, forged.commit().toBytes()));
      LiveMeeting.await("the member reports the forged commit", () -> !meeting.recorder(member).errors.isEmpty()
          || !meeting.recorder(member).refused.isEmpty());
      assertThat(member.epoch()).isEqualTo(epoch);
      assertThat(member.securityCode().orElseThrow().toString()).isEqualTo(code);
      // The meeting goes on: the next honest commit is applied by everyone.
      MeetingClient third = meeting.join(link, "third");
      LiveMeeting.awaitConverged(List.of(host, member, third));
    }
  }

  /**
   * The relay sends 30 copies of its Remove of one leaf, each with other authenticated data (so
   * each has its own ProposalRef): a member stores one (docs/PROTOCOL.md, "Proposals a client
   * accepts"), and still commits it.
   */
  @Test
  void copiesOfTheRelaysRemoveAreStoredOnce() throws Exception {
    SignatureKeyPair relayKey = suite.generateSignatureKeyPair();
    try (LiveMeeting meeting = LiveMeeting.hostile(relayKey)) {
      MeetingClient host = meeting.create("host");
      InviteLink link = host.inviteLink().orElseThrow();
      MeetingClient member = meeting.join(link, "member");
      MeetingClient third = meeting.join(link, "third");
      long epoch = LiveMeeting.awaitConverged(List.of(host, member, third));
      // The member's commits are held, so that its epoch, and its store, stay as they are.
      AtomicReference<ClientMessage.Commit> held = new AtomicReference<>();
      HostileRelay.Link memberLink = meeting.hostile.link(id(member));
      meeting.hostile.rules = new HostileRelay.Rules() {
        @Override
        public boolean toServer(HostileRelay.Link l, ClientMessage m) {
          if (l == memberLink && m instanceof ClientMessage.Commit c) {
            held.set(c);
            return false;
          }
          return true;
        }
      };
      for (int i = 0; i < 30; i++) {
        FramedContent content = new FramedContent(groupId(host), epoch, new Sender.External(0), new byte[] {(byte) i},
            new Content.ProposalContent(new io.conclave.mls.messages.Remove(2)));
        AuthenticatedContent signed = ContentAuthentication.sign(suite, relayKey.privateKey(),
            WireFormat.PUBLIC_MESSAGE, content, null, Optional.empty());
        byte[] proposal = new TlsWriter().write(new MlsMessage(new MlsMessage.Public(
            PublicMessageProtection.protect(suite, signed, null, null)))).toByteArray();
        memberLink.inject(new ServerMessage.Proposal("server", epoch, proposal));
      }
      // A keyframe request after them: once the member reports it, it has handled all 30 (in order).
      memberLink.inject(new ServerMessage.KeyframeRequest(Track.CAMERA_VIDEO.code()));
      LiveMeeting.await("the member handled the proposals", () -> !meeting.recorder(member).keyframeRequests.isEmpty());
      assertThat(member.storedProposals()).isEqualTo(1);
      LiveMeeting.await("the member committed the Remove", () -> held.get() != null);
      assertThat(proposalsOf(TlsReader.decodeFully(held.get().commit(), MlsMessage::decode)))
          .singleElement().isInstanceOf(ProposalOrRef.Reference.class);
    }
  }

  /** Attack 5: one {@code new_member_proposal} from a non-member used to stall every Java member. */
  @Test
  void attack5NewMemberProposalDoesNotStallTheMeeting() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = host.inviteLink().orElseThrow();
      MeetingClient member = meeting.join(link, "member");
      long epoch = LiveMeeting.awaitConverged(List.of(host, member));
      KeyPackageBundle outsider = relayKeyPackage(host);
      FramedContent content = new FramedContent(groupId(host), epoch, new Sender.NewMemberProposal(), new byte[0],
          new Content.ProposalContent(new Add(outsider.keyPackage())));
      AuthenticatedContent signed = ContentAuthentication.sign(suite, outsider.signatureKeyPair().privateKey(),
          WireFormat.PUBLIC_MESSAGE, content, null, Optional.empty());
      byte[] proposal = new TlsWriter().write(new MlsMessage(new MlsMessage.Public(
          PublicMessageProtection.protect(suite, signed, null, null)))).toByteArray();
      for (MeetingClient c : List.of(host, member)) {
        meeting.hostile.link(id(c)).inject(new ServerMessage.Proposal("outsider", epoch, proposal));
      }
      MeetingClient third = meeting.join(link, "third");
      LiveMeeting.awaitConverged(List.of(host, member, third));
      assertThat(host.roster()).extracting(Participant::name).containsExactly("host", "member", "third");
      meeting.assertNoClientErrors();
    }
  }

  /**
   * The relay refuses every commit a member sends (any reason: here the host's Add of a link
   * joiner). The member backs off instead of committing again as fast as it can (docs/PROTOCOL.md
   * "Commits"), reports the streak once, and commits as soon as the relay accepts again.
   */
  @Test
  void refusingEveryCommitDoesNotMakeAMemberSpin() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = host.inviteLink().orElseThrow();
      AtomicBoolean refusing = new AtomicBoolean(true);
      AtomicInteger refused = new AtomicInteger();
      meeting.hostile.rules = new HostileRelay.Rules() {
        @Override
        public boolean toServer(HostileRelay.Link l, ClientMessage m) {
          if (m instanceof ClientMessage.Commit c && refusing.get()) {
            refused.incrementAndGet();
            l.inject(new ServerMessage.CommitRejected(c.epoch(), c.epoch(), "invalid_commit"));
            return false;
          }
          return true;
        }
      };
      MeetingClient joiner = meeting.joinAsync(link, "joiner", meeting.config().build());
      LiveMeeting.await("a first refusal", () -> refused.get() > 0);
      Thread.sleep(4000);
      // Without the back-off the host would have committed again on every refusal: hundreds.
      assertThat(refused.get()).as("commits refused in about 4 s").isBetween(2, 8);
      assertThat(meeting.recorder(host).errors).singleElement().asString()
          .contains("refused 3 commits of this client in a row").contains("invalid_commit");
      refusing.set(false);
      joiner.awaitJoined(Duration.ofSeconds(30));
      LiveMeeting.awaitConverged(List.of(host, joiner));
    }
  }

  /**
   * Attack 6: the relay keeps a link joiner's request from the members and welcomes it into a
   * fake group of its own with the meeting's id; without the invite secret it cannot attest the
   * group, and the joiner leaves having sent nothing into it.
   */
  @Test
  void attack6FakeGroupIsRefusedByALinkJoiner() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = host.inviteLink().orElseThrow();
      SignatureKeyPair relayKeys = suite.generateSignatureKeyPair();
      InviteSecret relaySecret = InviteSecret.generate(new SecureRandom());
      Group fake = Group.create(suite, groupId(host), new Credential.Basic("host".getBytes(StandardCharsets.UTF_8)),
          relayKeys, List.of(new Hosts(List.of(relayKeys.publicKey())).toExtension(),
              InviteKey.extension(relaySecret, host.meetingId())), GroupConfig.DEFAULT);
      meeting.hostile.rules = new HostileRelay.Rules() {
        @Override
        public boolean toServer(HostileRelay.Link link, ClientMessage m) {
          if (m instanceof ClientMessage.JoinRequest j) {
            KeyPackage kp = ((MlsMessage.KeyPackageBody) TlsReader.decodeFully(j.keyPackage(), MlsMessage::decode)
                .body()).keyPackage();
            CommitOutput out = fake.commit(CommitOptions.builder().add(kp).build());
            fake.mergePendingCommit();
            link.inject(new ServerMessage.Welcome(fake.epoch(), out.welcome().orElseThrow().toBytes()));
            // An attestation it cannot make: a MAC under its own secret.
            link.inject(new ServerMessage.Application("host", fake.encryptApplication(
                AppMessages.typed(AppMessages.ATTESTATION, new byte[32])).toBytes()));
            return false;
          }
          return true;
        }
      };
      MeetingClient joiner = meeting.joinAsync(link, "joiner",
          meeting.config().attestationTimeout(Duration.ofSeconds(2)).build());
      assertThatThrownBy(() -> joiner.awaitJoined(LiveMeeting.TIMEOUT)).hasMessageContaining("joining failed");
      assertThat(meeting.recorder(joiner).notAuthenticated).singleElement().asString().contains("invite link");
      assertThatThrownBy(() -> joiner.sendMedia(new MediaFrameHeader(Track.AUDIO, false, 0, 0, 0), new byte[10]))
          .isInstanceOf(IllegalStateException.class);
      HostileRelay.Link l = meeting.hostile.link(id(joiner));
      assertThat(l.sent).as("nothing sent into the fake group").allMatch(m -> m instanceof ClientMessage.Hello
          || m instanceof ClientMessage.JoinRequest || m instanceof ClientMessage.Bye);
      assertThat(host.roster()).extracting(Participant::name).containsExactly("host");
    }
  }

  /** Attack 6, another group: a Welcome into a group whose id is not the meeting's is refused at once. */
  @Test
  void attack6WelcomeToAnotherGroupIsRefused() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host");
      Group other = Group.create(suite, "another-meeting".getBytes(StandardCharsets.US_ASCII),
          new Credential.Basic("host".getBytes(StandardCharsets.UTF_8)), suite.generateSignatureKeyPair(),
          GroupConfig.DEFAULT);
      meeting.hostile.rules = new HostileRelay.Rules() {
        @Override
        public boolean toServer(HostileRelay.Link link, ClientMessage m) {
          if (m instanceof ClientMessage.JoinRequest j) {
            KeyPackage kp = ((MlsMessage.KeyPackageBody) TlsReader.decodeFully(j.keyPackage(), MlsMessage::decode)
                .body()).keyPackage();
            CommitOutput out = other.commit(CommitOptions.builder().add(kp).build());
            other.mergePendingCommit();
            link.inject(new ServerMessage.Welcome(other.epoch(), out.welcome().orElseThrow().toBytes()));
            return false;
          }
          return true;
        }
      };
      MeetingClient joiner = meeting.joinAsync(host.inviteLink().orElseThrow(), "joiner", meeting.config().build());
      assertThatThrownBy(() -> joiner.awaitJoined(Duration.ofSeconds(5))).hasMessageContaining("joining failed");
      assertThat(meeting.recorder(joiner).notAuthenticated).singleElement().asString().contains("another group");
    }
  }

  /** Attack 6, joiners by approval: they are shown which host admitted them. */
  @Test
  void attack6ApprovalJoinerIsShownTheHostThatAdmittedIt() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host", meeting.config().joinApprover((name, fp) -> name.equals("guest"))
          .build());
      MeetingClient guest = meeting.askToJoin(host.meetingId(), "guest");
      guest.awaitJoined(LiveMeeting.TIMEOUT);
      assertThat(meeting.recorder(guest).authenticated).singleElement().satisfies(by ->
          assertThat(by).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("host");
            assertThat(p.host()).isTrue();
          }));
      LiveMeeting.awaitConverged(List.of(host, guest));
    }
  }

  /** Attack 8: a departed member's join request, replayed by the relay, is not committed again. */
  @Test
  void attack8ReplayedJoinRequestIsNotCommitted() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = host.inviteLink().orElseThrow();
      MeetingClient member = meeting.join(link, "member");
      MeetingClient leaver = meeting.join(link, "leaver");
      LiveMeeting.awaitConverged(List.of(host, member, leaver));
      byte[] captured = meeting.hostile.link(id(leaver)).sent(ClientMessage.JoinRequest.class).getFirst().keyPackage();
      leaver.leave();
      long epoch = LiveMeeting.awaitConverged(List.of(host, member));
      for (MeetingClient c : List.of(host, member)) {
        meeting.hostile.link(id(c)).inject(new ServerMessage.JoinRequest("ghost", captured));
      }
      Thread.sleep(3000);
      assertThat(host.epoch()).as("nobody committed the replayed KeyPackage").isEqualTo(epoch);
      assertThat(member.epoch()).isEqualTo(epoch);
    }
  }

  /**
   * Forks: the relay shows members different commits for the same epoch. It keeps B's commit from
   * the relay software, tells B it won and gives it to C only; then the host's own commit of that
   * epoch is accepted and withheld from B and C. Both sides notice within the beacon timeout.
   */
  @Test
  void forkIsDetectedWithinFiveSeconds() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient a = meeting.create("a");
      InviteLink link = a.inviteLink().orElseThrow();
      MeetingClient b = meeting.join(link, "b");
      MeetingClient c = meeting.join(link, "c");
      long epoch = LiveMeeting.awaitConverged(List.of(a, b, c));
      AtomicReference<byte[]> bCommit = new AtomicReference<>();
      Set<String> branchB = Set.of(id(b), id(c));
      meeting.hostile.rules = new HostileRelay.Rules() {
        @Override
        public List<ServerMessage> toClient(HostileRelay.Link l, ServerMessage m) {
          if (m instanceof ServerMessage.JoinRequest && l.participant.equals(id(a))) {
            return List.of();
          }
          if (m instanceof ServerMessage.Commit && branchB.contains(l.participant)) {
            return List.of();
          }
          return List.of(m);
        }

        @Override
        public boolean toServer(HostileRelay.Link l, ClientMessage m) {
          if (m instanceof ClientMessage.Commit commit && l.participant.equals(id(b)) && bCommit.get() == null) {
            bCommit.set(commit.commit());
            l.inject(new ServerMessage.CommitAccepted(commit.epoch() + 1));
            meeting.hostile.link(id(c)).inject(new ServerMessage.Commit(id(b), commit.epoch(), commit.commit()));
            return false;
          }
          return true;
        }
      };
      MeetingClient joiner = meeting.joinAsync(link, "joiner", meeting.config().build());
      LiveMeeting.await("b and c are in b's branch", () -> bCommit.get() != null && b.epoch() == epoch + 1
          && c.epoch() == epoch + 1);
      a.rotateInviteLink().get(30, java.util.concurrent.TimeUnit.SECONDS);
      LiveMeeting.await("a is in its own branch", () -> a.epoch() == epoch + 1);
      assertThat(a.securityCode()).isNotEqualTo(b.securityCode());
      long forkedAt = System.nanoTime();
      LiveMeeting.await("a sees that b and c did not confirm its epoch", () -> meeting.recorder(a).unconfirmed
          .getOrDefault(epoch + 1, List.of()).stream().map(Participant::name).toList().containsAll(List.of("b", "c")));
      LiveMeeting.await("b sees that a did not confirm its epoch", () -> meeting.recorder(b).unconfirmed
          .getOrDefault(epoch + 1, List.of()).stream().anyMatch(p -> p.name().equals("a")));
      assertThat(Duration.ofNanos(System.nanoTime() - forkedAt)).isLessThan(Duration.ofSeconds(10));
      joiner.close();
    }
  }

  /** Without an attack, every member confirms every epoch: no warning. */
  @Test
  void honestMeetingHasNoUnconfirmedMembers() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient a = meeting.create("a", meeting.config().beaconTimeout(Duration.ofSeconds(2)).build());
      MeetingClient b = meeting.join(a.inviteLink().orElseThrow(), "b",
          meeting.config().beaconTimeout(Duration.ofSeconds(2)).build());
      LiveMeeting.awaitConverged(List.of(a, b));
      Thread.sleep(3000);
      for (MeetingClient c : List.of(a, b)) {
        assertThat(meeting.recorder(c).unconfirmed.values()).allMatch(List::isEmpty);
      }
      meeting.assertNoClientErrors();
    }
  }
}
