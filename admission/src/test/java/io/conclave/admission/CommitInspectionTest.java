package io.conclave.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.ExternalJoin;
import io.conclave.mls.group.ExternalJoinOptions;
import io.conclave.mls.group.ExternalProposals;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.group.PublicGroup;
import io.conclave.mls.group.PublicGroupConfig;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.WelcomeProtection;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The admission decisions over real MLS groups (docs/PROTOCOL.md "Admission decisions"): facts
 * read from real commits, including the attacks of issue 10 built with the library itself — the
 * relay's own Add or GroupContextExtensions signed with its external-sender key and committed by
 * reference, an external commit that removes the host, a replayed KeyPackage — and the invite
 * proof v2.
 */
class CommitInspectionTest {
  private static final String MEETING = "m1";
  private final CipherSuite suite = CipherSuites.get(1);
  private final SecureRandom random = new SecureRandom();
  private final InviteSecret secret = InviteSecret.generate(random);
  private final SignatureKeyPair hostKeys = suite.generateSignatureKeyPair();
  private final SignatureKeyPair relayKeys = suite.generateSignatureKeyPair();
  /** A lenient receiver (stores any valid proposal, follows external commits): the decisions alone must refuse. */
  private final GroupConfig config = GroupConfig.builder()
      .proposalPolicy(io.conclave.mls.group.ProposalPolicy.ACCEPT_ALL).allowExternalCommits(true).build();
  private final Set<ByteBuffer> seen = new HashSet<>();
  private final Map<ByteBuffer, CommitInspection.StoredProposal> stored = new HashMap<>();
  /** The same proposals as the relay received them. */
  private final List<MlsMessage> relayStored = new ArrayList<>();

  private List<Extension> extensions() {
    return List.of(new ExternalSenders(List.of(new ExternalSender(relayKeys.publicKey(),
            new Credential.Basic("relay".getBytes(StandardCharsets.UTF_8))))).toExtension(),
        new Hosts(List.of(hostKeys.publicKey())).toExtension(), InviteKey.extension(secret, MEETING));
  }

  private Group newMeeting() {
    return Group.create(suite, MEETING.getBytes(StandardCharsets.US_ASCII),
        new Credential.Basic("host".getBytes(StandardCharsets.UTF_8)), hostKeys, extensions(), config);
  }

  private KeyPackageBundle joiner(String name, Optional<InviteSecret> s) {
    return JoinKeyPackage.create(suite, name, suite.generateSignatureKeyPair(), MEETING, s, Instant.now());
  }

  private Group add(Group committer, KeyPackageBundle kp) {
    CommitOutput out = committer.commit(CommitOptions.builder().add(kp.keyPackage()).build());
    committer.mergePendingCommit();
    return Group.joinFromWelcome(out.welcome().orElseThrow(), kp, Optional.empty(), config);
  }

  private CommitInspection.Epoch epochOf(Group g) {
    return new CommitInspection.Epoch(MEETING, g.groupContextExtensions(), AdmissionCheck.members(g.ratchetTree()),
        stored, kp -> seen.contains(ByteBuffer.wrap(WelcomeProtection.keyPackageRef(suite, kp))));
  }

  /**
   * The receiver's decision; and the relay, which follows the group from public state only
   * ({@link CommitInspection#publicFacts}), must decide exactly as the receiver: the same refusal,
   * the same basis for each Add (here both have seen the same KeyPackages).
   */
  private AdmissionRules.Decision judge(Group receiver, MlsMessage commit) {
    AdmissionRules.Decision d = AdmissionRules.decide(CommitInspection.of(commit, epochOf(receiver)).orElseThrow().facts());
    PublicGroup relay = PublicGroup.fromGroupInfo(receiver.groupInfo(false), Optional.empty(),
        PublicGroupConfig.builder().allowExternalCommits(true).build());
    relayStored.forEach(relay::storeProposal);
    AdmissionRules.Decision relays = AdmissionRules.decide(CommitInspection.publicFacts(relay.verifyCommit(commit),
        epochOf(receiver)));
    assertThat(relays).as("the relay's verdict").isEqualTo(d);
    return d;
  }

  @Test
  void inviteProofV2BindsKeyNameMeetingAndKeyPackage() {
    KeyPackageBundle kp = joiner("bob", Optional.of(secret));
    byte[] inviteKey = InviteKey.publicKey(secret, MEETING);
    assertThat(InviteProof.verify(inviteKey, MEETING, kp.keyPackage())).isTrue();
    assertThat(InviteProof.verify(InviteKey.publicKey(InviteSecret.generate(random), MEETING), MEETING,
        kp.keyPackage())).as("another link's key").isFalse();
    assertThat(InviteProof.verify(inviteKey, "m2", kp.keyPackage())).as("another meeting").isFalse();
    assertThat(InviteProof.verify(inviteKey, MEETING, joiner("bob", Optional.empty()).keyPackage())).isFalse();
    // The relay moves bob's proof into another KeyPackage of its own: the init key differs.
    KeyPackageBundle replay = KeyPackageBundle.create(suite, kp.keyPackage().leafNode().credential(),
        suite.generateSignatureKeyPair(), new io.conclave.mls.tree.Lifetime(0, Long.MAX_VALUE),
        ConclaveExtensions.capabilities(suite), kp.keyPackage().leafNode().extensions(), List.of());
    assertThat(InviteProof.verify(inviteKey, MEETING, replay.keyPackage())).as("proof moved to another key").isFalse();
    assertThat(InviteProof.of(kp.keyPackage().leafNode()).orElseThrow()).hasSize(64);
  }

  @Test
  void linkJoinerAddedByANonHostIsAdmittedByProofAndAnUnprovenOneIsNot() {
    Group host = newMeeting();
    Group alice = add(host, joiner("alice", Optional.of(secret)));
    CommitOutput out = alice.commit(CommitOptions.builder().add(joiner("bob", Optional.of(secret)).keyPackage())
        .add(joiner("eve", Optional.empty()).keyPackage()).build());
    AdmissionRules.Decision d = judge(host, out.commit());
    assertThat(d.refused()).isFalse();
    assertThat(d.adds()).containsExactly(Admission.Basis.INVITE_PROOF, Admission.Basis.NONE);
  }

  @Test
  void hostApprovalAndReplayedKeyPackage() {
    Group host = newMeeting();
    Group alice = add(host, joiner("alice", Optional.of(secret)));
    KeyPackageBundle carol = joiner("carol", Optional.empty());
    CommitOutput out = host.commit(CommitOptions.builder().add(carol.keyPackage()).build());
    assertThat(judge(alice, out.commit()).adds()).containsExactly(Admission.Basis.HOST_APPROVAL);
    seen.add(ByteBuffer.wrap(WelcomeProtection.keyPackageRef(suite, carol.keyPackage())));
    assertThat(judge(alice, out.commit()).adds()).as("a KeyPackage seen added before").containsExactly(
        Admission.Basis.NONE);
  }

  @Test
  void relaysOwnAddCommittedByReferenceIsRefused() {
    Group host = newMeeting();
    Group alice = add(host, joiner("alice", Optional.of(secret)));
    KeyPackageBundle relayKp = joiner("relay", Optional.empty());
    MlsMessage proposal = ExternalProposals.add(suite, host.groupId(), host.epoch(), 0, relayKeys.privateKey(),
        relayKp.keyPackage());
    // A client that stored it anyway (the library accepts external proposals; the session drops them).
    for (Group g : List.of(host, alice)) {
      ProcessResult r = g.process(proposal);
      if (r instanceof ProcessResult.ProposalStored s && g == alice) {
        relayStored.add(proposal);
        stored.put(ByteBuffer.wrap(s.ref()), new CommitInspection.StoredProposal(s.sender(),
            new io.conclave.mls.messages.Add(relayKp.keyPackage())));
      }
    }
    CommitOutput out = host.commit(CommitOptions.DEFAULT);
    assertThat(judge(alice, out.commit()).refusal()).contains(AdmissionRules.Refusal.BY_REFERENCE);
    stored.clear();
    relayStored.clear();
    assertThat(CommitInspection.of(out.commit(), epochOf(alice))).as("unknown reference: not even inspected")
        .isEmpty();
  }

  @Test
  void relaysGroupContextExtensionsAreRefusedAndAHostsRotationIsShown() {
    Group host = newMeeting();
    Group alice = add(host, joiner("alice", Optional.of(secret)));
    List<Extension> relayHosts = new ArrayList<>(extensions());
    relayHosts.set(1, new Hosts(List.of(relayKeys.publicKey())).toExtension());
    MlsMessage proposal = ExternalProposals.propose(suite, host.groupId(), host.epoch(), 0, relayKeys.privateKey(),
        new GroupContextExtensions(relayHosts));
    ProcessResult.ProposalStored s = (ProcessResult.ProposalStored) alice.process(proposal);
    relayStored.add(proposal);
    stored.put(ByteBuffer.wrap(s.ref()), new CommitInspection.StoredProposal(s.sender(),
        new GroupContextExtensions(relayHosts)));
    host.process(proposal);
    CommitOutput byRef = host.commit(CommitOptions.DEFAULT);
    assertThat(judge(alice, byRef.commit()).refusal()).contains(AdmissionRules.Refusal.BY_REFERENCE);
    host.discardPendingCommit();
    stored.clear();
    relayStored.clear();

    CommitOutput nonHost = alice.commit(CommitOptions.builder().includePendingProposals(false)
        .groupContextExtensions(relayHosts).build());
    assertThat(judge(host, nonHost.commit()).refusal()).contains(AdmissionRules.Refusal.GCE_NOT_HOST);
    alice.discardPendingCommit();

    List<Extension> otherRelay = new ArrayList<>(extensions());
    otherRelay.set(0, new ExternalSenders(List.of(new ExternalSender(suite.generateSignatureKeyPair().publicKey(),
        new Credential.Basic("relay".getBytes(StandardCharsets.UTF_8))))).toExtension());
    CommitOutput senders = host.commit(CommitOptions.builder().includePendingProposals(false)
        .groupContextExtensions(otherRelay).build());
    assertThat(judge(alice, senders.commit()).refusal()).contains(AdmissionRules.Refusal.EXTERNAL_SENDERS_CHANGED);
    host.discardPendingCommit();

    List<Extension> rotated = new ArrayList<>(extensions());
    rotated.set(2, InviteKey.extension(InviteSecret.generate(random), MEETING));
    CommitOutput rotation = host.commit(CommitOptions.builder().includePendingProposals(false)
        .groupContextExtensions(rotated).build());
    AdmissionRules.Decision d = judge(alice, rotation.commit());
    assertThat(d.refused()).isFalse();
    assertThat(d.shown()).containsExactly(AdmissionRules.Shown.INVITE_KEY_CHANGED);
  }

  @Test
  void externalCommitRemovingTheHostIsRefused() {
    Group host = newMeeting();
    Group alice = add(host, joiner("alice", Optional.of(secret)));
    // A GroupInfo with external_pub, as the old relay served to anyone holding the meeting id.
    MlsMessage leaked = host.groupInfo(true);
    // The library no longer lets a joiner remove someone else's leaf (RFC 9420 §12.2)...
    assertThatThrownBy(() -> Group.joinExternally(leaked, new Credential.Basic(
        "intruder".getBytes(StandardCharsets.UTF_8)), suite.generateSignatureKeyPair(), ExternalJoinOptions.DEFAULT
        .withLeaf(ConclaveExtensions.capabilities(suite), List.of()).withResyncRemove(new LeafIndex(0)), config))
        .isInstanceOf(io.conclave.mls.ProtocolException.class);
    // ...and any external commit, with or without a Remove, is refused by the admission rules.
    ExternalJoin join = Group.joinExternally(leaked, new Credential.Basic("intruder".getBytes(StandardCharsets.UTF_8)),
        suite.generateSignatureKeyPair(), ExternalJoinOptions.DEFAULT.withLeaf(ConclaveExtensions.capabilities(suite),
            List.of()), config);
    assertThat(judge(alice, join.commit()).refusal()).contains(AdmissionRules.Refusal.EXTERNAL_COMMIT);
  }

  @Test
  void relaysRemoveByReferenceIsApplied() {
    Group host = newMeeting();
    KeyPackageBundle a = joiner("alice", Optional.of(secret));
    KeyPackageBundle b = joiner("bob", Optional.of(secret));
    CommitOutput added = host.commit(CommitOptions.builder().add(a.keyPackage()).add(b.keyPackage()).build());
    host.mergePendingCommit();
    Group alice = Group.joinFromWelcome(added.welcome().orElseThrow(), a, Optional.empty(), config);
    MlsMessage remove = ExternalProposals.remove(suite, host.groupId(), host.epoch(), 0, relayKeys.privateKey(),
        new LeafIndex(2));
    ProcessResult.ProposalStored s = (ProcessResult.ProposalStored) alice.process(remove);
    relayStored.add(remove);
    stored.put(ByteBuffer.wrap(s.ref()), new CommitInspection.StoredProposal(s.sender(),
        new io.conclave.mls.messages.Remove(2)));
    host.process(remove);
    CommitOutput out = host.commit(CommitOptions.DEFAULT);
    AdmissionRules.Decision d = judge(alice, out.commit());
    assertThat(d.refused()).isFalse();
    assertThat(d.adds()).isEmpty();
  }
}
