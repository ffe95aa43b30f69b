package io.conclave.server.testing;

import io.conclave.admission.Hosts;
import io.conclave.admission.InviteKey;
import io.conclave.admission.InviteSecret;
import io.conclave.admission.JoinKeyPackage;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.testing.TestServer.Participant;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A meeting's real MLS group (RFC 9420, the project's mls library), with every member's state kept
 * here: the creator registers it with the host token, joiners ask with real KeyPackages, members
 * commit real commits and the others apply them. The relay verifies all of it, so media tests use
 * this to make their participants members.
 */
public final class TestGroup {
  /** Members store the relay's Remove proposals (external sender 0), as Conclave clients do. */
  private static final GroupConfig CONFIG = GroupConfig.builder()
      .proposalPolicy((sender, proposal) -> sender instanceof io.conclave.mls.framing.Sender.External e
          && e.senderIndex() == 0 && proposal instanceof io.conclave.mls.messages.Remove)
      .build();

  public static final CipherSuite SUITE = CipherSuites.get(1);

  /** One member: its participant, MLS state and signature key. */
  public record Member(Participant participant, Group group, SignatureKeyPair keys) {
    public LeafIndex leaf() {
      return group.ownLeafIndex();
    }
  }

  private final TestServer server;
  private final String meetingId;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private Member committer;
  /** Whether joiners' KeyPackages support Conclave's extensions (a group made by {@link #registerAsConclave}). */
  private boolean conclave;

  private TestGroup(TestServer server, String meetingId) {
    this.server = server;
    this.meetingId = meetingId;
  }

  /** A fresh one-member group of {@code meetingId} with the server as external sender 0; not registered. */
  public static Group newGroup(TestServer server, String meetingId, String name, SignatureKeyPair keys) {
    return Group.create(SUITE, meetingId.getBytes(StandardCharsets.US_ASCII),
        new Credential.Basic(name.getBytes(StandardCharsets.UTF_8)), keys,
        List.of(new ExternalSenders(List.of(server.externalSender())).toExtension()), CONFIG);
  }

  /** {@code creator} registers the group (epoch 0) with the host token and becomes the member at leaf 0. */
  public static TestGroup register(TestServer server, String meetingId, Participant creator)
      throws InterruptedException {
    SignatureKeyPair keys = SUITE.generateSignatureKeyPair();
    return registered(server, meetingId, creator, newGroup(server, meetingId, "creator", keys), keys);
  }

  private static TestGroup registered(TestServer server, String meetingId, Participant creator, Group group,
      SignatureKeyPair keys) throws InterruptedException {
    creator.client().send(new ClientMessage.RegisterGroup(group.groupInfo(false).toBytes(),
        server.hostToken(meetingId)));
    creator.client().awaitMessage(ServerMessage.Registered.class);
    TestGroup g = new TestGroup(server, meetingId);
    g.committer = new Member(creator, group, keys);
    g.members.put(creator.id(), g.committer);
    return g;
  }

  /**
   * As {@link #register}, but the group is a Conclave meeting's: its context names the creator as
   * host ({@code conclave_hosts}) and carries an invite key (docs/PROTOCOL.md, "Admission"), and
   * joiners' KeyPackages support those extensions.
   */
  public static TestGroup registerAsConclave(TestServer server, String meetingId, Participant creator)
      throws InterruptedException {
    SignatureKeyPair keys = SUITE.generateSignatureKeyPair();
    Group group = Group.create(SUITE, meetingId.getBytes(StandardCharsets.US_ASCII),
        new Credential.Basic("creator".getBytes(StandardCharsets.UTF_8)), keys,
        List.of(new ExternalSenders(List.of(server.externalSender())).toExtension(),
            new Hosts(List.of(keys.publicKey())).toExtension(),
            InviteKey.extension(InviteSecret.generate(new SecureRandom()), meetingId)), CONFIG);
    TestGroup g = registered(server, meetingId, creator, group, keys);
    g.conclave = true;
    return g;
  }

  /** {@code creator} registers the group and adds {@code joiners}: all of them are members. */
  public static TestGroup of(TestServer server, String meetingId, Participant creator, Participant... joiners)
      throws InterruptedException {
    TestGroup group = register(server, meetingId, creator);
    if (joiners.length > 0) {
      group.add(joiners);
    }
    return group;
  }

  public String meetingId() {
    return meetingId;
  }

  public Member member(Participant p) {
    return members.get(p.id());
  }

  public Member committer() {
    return committer;
  }

  public long epoch() {
    return committer.group().epoch();
  }

  /** A KeyPackage for a joiner (suite 1, valid for a day). */
  public static KeyPackageBundle keyPackage(String name) {
    SignatureKeyPair keys = SUITE.generateSignatureKeyPair();
    return KeyPackageBundle.create(SUITE, new Credential.Basic(name.getBytes(StandardCharsets.UTF_8)), keys,
        InstantSource.system(), Duration.ofDays(1));
  }

  /**
   * Each joiner asks to join with a fresh KeyPackage; the committer adds them all in one commit.
   * Returns once the commit is accepted and every joiner has joined from its Welcome.
   */
  public void add(Participant... joiners) throws InterruptedException {
    Map<Participant, KeyPackageBundle> bundles = new LinkedHashMap<>();
    CommitOptions.Builder options = CommitOptions.builder();
    for (Participant j : joiners) {
      KeyPackageBundle bundle = conclave
          ? JoinKeyPackage.create(SUITE, j.id(), SUITE.generateSignatureKeyPair(), meetingId, Optional.empty(), Instant.now())
          : keyPackage(j.id());
      j.client().send(new ClientMessage.JoinRequest(bundle.toMessage().toBytes()));
      ServerMessage.JoinRequest request;
      do {
        request = committer.participant().client().awaitMessage(ServerMessage.JoinRequest.class);
      } while (!request.from().equals(j.id())); // skips requests others made earlier
      bundles.put(j, bundle);
      options.add(bundle.keyPackage());
    }
    commitAccepted(committer, options.build());
    for (Map.Entry<Participant, KeyPackageBundle> e : bundles.entrySet()) {
      ServerMessage.Welcome w = e.getKey().client().awaitMessage(ServerMessage.Welcome.class);
      Group g = Group.joinFromWelcome(decode(w.welcome()), e.getValue(), Optional.empty(), CONFIG);
      members.put(e.getKey().id(), new Member(e.getKey(), g, e.getValue().signatureKeyPair()));
    }
  }

  /** {@code p} joined from a Welcome outside {@link #add}: it is a member from now on. */
  public Member joined(Participant p, Group group, SignatureKeyPair keys) {
    Member m = new Member(p, group, keys);
    members.put(p.id(), m);
    return m;
  }

  /** The committer removes {@code member} by a commit; returns once the commit is accepted. */
  public void remove(Participant member) throws InterruptedException {
    Member m = members.get(member.id());
    if (m == null) {
      throw new IllegalArgumentException(member.id() + " is not a member");
    }
    commitAccepted(committer, CommitOptions.builder().remove(m.leaf()).build());
    members.remove(member.id());
  }

  /** {@code by} commits what {@code options} says; returns once accepted, with every member in the new epoch. */
  public void commitAccepted(Member by, CommitOptions options) throws InterruptedException {
    CommitOutput out = by.group().commit(options);
    by.participant().client().send(commitMessage(by, out));
    by.participant().client().awaitMessage(ServerMessage.CommitAccepted.class);
    applied(by, out);
  }

  /** {@code by}'s commit {@code out} was accepted: it merges it and every other member processes it. */
  public void applied(Member by, CommitOutput out) {
    by.group().mergePendingCommit();
    for (Member other : List.copyOf(members.values())) {
      if (other != by) {
        ProcessResult r = other.group().process(out.commit());
        if (r instanceof ProcessResult.CommitApplied c && c.selfRemoved()) {
          members.remove(other.participant().id());
        }
      }
    }
  }

  /** The server's proposal (as received) is processed by every member, so that a commit covers it. */
  public void proposalReceived(byte[] proposal) {
    members.values().forEach(m -> m.group().process(decode(proposal)));
  }

  /** The {@code commit} message for {@code out}: its GroupInfo without {@code external_pub}. */
  public static ClientMessage.Commit commitMessage(Member by, CommitOutput out) {
    return new ClientMessage.Commit(((MlsMessage.Public) out.commit().body()).message().content().epoch(),
        out.commit().toBytes(),
        out.welcome().map(MlsMessage::toBytes).orElse(null),
        TestMls.withoutExternalPub(out.groupInfo(), by.keys()).toBytes());
  }

  public static MlsMessage decode(byte[] bytes) {
    return TlsReader.decodeFully(bytes, MlsMessage::decode);
  }
}
