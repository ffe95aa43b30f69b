package io.conclave.client.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.ExternalJoin;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.tree.RatchetTree;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Admission verdicts over real MLS groups: proof, host approval, and neither. */
class AdmissionCheckTest {
  private static final String MEETING = "m1";
  private final CipherSuite suite = CipherSuites.get(1);
  private final SecureRandom random = new SecureRandom();
  private final InviteSecret secret = InviteSecret.generate(random);
  private final SignatureKeyPair hostKeys = suite.generateSignatureKeyPair();
  private final GroupConfig config = GroupConfig.DEFAULT;

  private Group newMeeting() {
    return Group.create(suite, MEETING.getBytes(StandardCharsets.US_ASCII),
        new Credential.Basic("host".getBytes(StandardCharsets.UTF_8)), hostKeys,
        List.of(new Hosts(List.of(hostKeys.publicKey())).toExtension()), config);
  }

  private KeyPackageBundle joiner(String name, Optional<InviteSecret> s) {
    return JoinKeyPackage.create(suite, name, suite.generateSignatureKeyPair(), MEETING, s, Instant.now());
  }

  private Group add(Group committer, KeyPackageBundle kp) {
    CommitOutput out = committer.commit(CommitOptions.builder().add(kp.keyPackage()).build());
    committer.mergePendingCommit();
    return Group.joinFromWelcome(out.welcome().orElseThrow(), kp, Optional.empty(), config);
  }

  @Test
  void proofFromInviteSecretIsAcceptedByEveryMember() {
    Group host = newMeeting();
    Group alice = add(host, joiner("alice", Optional.of(secret)));
    Map<Integer, byte[]> before = AdmissionCheck.members(alice.ratchetTree());
    Optional<Hosts> hosts = Hosts.from(alice.groupContextExtensions());
    CommitOutput out = alice.commit(CommitOptions.builder().add(joiner("bob", Optional.of(secret)).keyPackage()).build());
    alice.mergePendingCommit();
    ProcessResult.CommitApplied applied = (ProcessResult.CommitApplied) host.process(out.commit());

    List<Admission> verdicts = new AdmissionCheck(MEETING, Optional.of(secret))
        .judge(before, hosts, applied.committer(), host.ratchetTree());

    assertThat(verdicts).singleElement().satisfies(a -> {
      assertThat(a.identity()).isEqualTo("bob");
      assertThat(a.basis()).isEqualTo(Admission.Basis.INVITE_PROOF);
    });
    assertThat(host.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());
  }

  @Test
  void additionWithoutProofIsAuthorisedOnlyWhenAHostCommitsIt() {
    Group host = newMeeting();
    Group alice = add(host, joiner("alice", Optional.of(secret)));
    AdmissionCheck check = new AdmissionCheck(MEETING, Optional.of(secret));

    Map<Integer, byte[]> before = AdmissionCheck.members(host.ratchetTree());
    Optional<Hosts> hosts = Hosts.from(host.groupContextExtensions());
    CommitOutput byHost = host.commit(CommitOptions.builder().add(joiner("carol", Optional.empty()).keyPackage()).build());
    host.mergePendingCommit();
    ProcessResult.CommitApplied applied = (ProcessResult.CommitApplied) alice.process(byHost.commit());
    assertThat(check.judge(before, hosts, applied.committer(), alice.ratchetTree()))
        .extracting(Admission::basis).containsExactly(Admission.Basis.HOST_APPROVAL);

    before = AdmissionCheck.members(alice.ratchetTree());
    CommitOutput byMember = alice.commit(CommitOptions.builder().add(joiner("mallory", Optional.empty()).keyPackage()).build());
    alice.mergePendingCommit();
    applied = (ProcessResult.CommitApplied) host.process(byMember.commit());
    assertThat(check.judge(before, hosts, applied.committer(), host.ratchetTree()))
        .extracting(Admission::basis).containsExactly(Admission.Basis.NONE);
  }

  @Test
  void proofForAnotherSecretOrMeetingOrKeyIsRejected() {
    KeyPackageBundle kp = joiner("dave", Optional.of(secret));
    byte[] identity = "dave".getBytes(StandardCharsets.UTF_8);
    assertThat(InviteProof.verify(secret, MEETING, kp.keyPackage().leafNode(), identity)).isTrue();
    assertThat(InviteProof.verify(InviteSecret.generate(random), MEETING, kp.keyPackage().leafNode(), identity)).isFalse();
    assertThat(InviteProof.verify(secret, "m2", kp.keyPackage().leafNode(), identity)).isFalse();
    assertThat(InviteProof.verify(secret, MEETING, kp.keyPackage().leafNode(), "eve".getBytes(StandardCharsets.UTF_8))).isFalse();
    KeyPackageBundle other = joiner("dave", Optional.of(secret));
    assertThat(InviteProof.compute(secret, MEETING, other.keyPackage().leafNode().signatureKey(), identity))
        .isNotEqualTo(InviteProof.of(kp.keyPackage().leafNode()).orElseThrow());
  }

  @Test
  void externalCommitWithoutProofIsUnauthorised() {
    // What a relay holding the GroupInfo could do on its own. This group runs without a hosts
    // extension: the verdict does not use it (ExternalCommitIntrusionTest has one, live).
    Group host = Group.create(suite, MEETING.getBytes(StandardCharsets.US_ASCII),
        new Credential.Basic("host".getBytes(StandardCharsets.UTF_8)), hostKeys, config);
    Map<Integer, byte[]> before = AdmissionCheck.members(host.ratchetTree());
    ExternalJoin relay = Group.joinExternally(host.groupInfo(true),
        new Credential.Basic("relay".getBytes(StandardCharsets.UTF_8)), suite.generateSignatureKeyPair(), config);
    ProcessResult.CommitApplied applied = (ProcessResult.CommitApplied) host.process(relay.commit());

    assertThat(new AdmissionCheck(MEETING, Optional.of(secret)).judge(before, Optional.empty(), applied.committer(),
        host.ratchetTree())).singleElement().satisfies(a -> {
          assertThat(a.identity()).isEqualTo("relay");
          assertThat(a.basis()).isEqualTo(Admission.Basis.NONE);
        });
  }

  @Test
  void removedMemberLeavesNoVerdictAndNewcomerInItsLeafIsJudged() {
    Group host = newMeeting();
    Group alice = add(host, joiner("alice", Optional.of(secret)));
    CommitOutput rm = host.commit(CommitOptions.builder().remove(alice.ownLeafIndex()).build());
    host.mergePendingCommit();
    assertThat(alice.process(rm.commit())).isInstanceOfSatisfying(ProcessResult.CommitApplied.class,
        c -> assertThat(c.selfRemoved()).isTrue());
    Map<Integer, byte[]> before = AdmissionCheck.members(host.ratchetTree());
    RatchetTree tree = host.ratchetTree();
    assertThat(new AdmissionCheck(MEETING, Optional.of(secret)).judge(before, Hosts.from(host.groupContextExtensions()),
        new Sender.Member(0), tree)).isEmpty();
  }
}
