package io.conclave.mls.group;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static io.conclave.mls.group.TestClients.credential;
import static io.conclave.mls.group.TestClients.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
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
import io.conclave.mls.group.commit.CommitCreator;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.ExternalInit;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.Update;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Provenance of committed proposals, the application's {@link ProposalPolicy}, refusal of external
 * commits, and the credential successor rules (RFC 9420 §5.3.1, §12.2, §12.4.3.2). Every hostile
 * message is fed to a receiver that did not create it; hostile senders use permissive configs of
 * their own so that the library lets them build what a malicious client could build anyway.
 */
class ProvenancePolicyTest {
  private final CipherSuite suite = CipherSuites.get(1);
  private final SignatureKeyPair relay = suite.generateSignatureKeyPair();
  private final Extension relayAsExternalSender = new ExternalSenders(List.of(
      new ExternalSender(relay.publicKey(), credential("relay")))).toExtension();

  /** A validator that accepts every credential and every successor: a hostile client's own config. */
  private static final CredentialValidator ANY_SUCCESSOR = new CredentialValidator() {
    @Override
    public boolean isValid(Credential credential, byte[] signatureKey) {
      return true;
    }

    @Override
    public boolean isValidSuccessor(Credential oldCredential, byte[] oldSignatureKey, Credential newCredential,
        byte[] newSignatureKey) {
      return true;
    }
  };

  private Group host(GroupConfig config) {
    return Group.create(suite, "meeting".getBytes(StandardCharsets.UTF_8), credential("alice"),
        suite.generateSignatureKeyPair(), List.of(relayAsExternalSender), config);
  }

  /** {@code committer} adds {@code name} (by value), everyone in {@code others} processes it. */
  private Group add(Group committer, String name, GroupConfig joinerConfig, Group... others) {
    KeyPackageBundle kp = TestClients.keyPackage(suite, name, joinerConfig);
    CommitOutput out = committer.commit(CommitOptions.builder().add(kp.keyPackage()).build());
    committer.mergePendingCommit();
    for (Group other : others) {
      assertThat(other.process(roundTrip(out.commit()))).isInstanceOf(ProcessResult.CommitApplied.class);
    }
    return Group.joinFromWelcome(roundTrip(out.welcome().orElseThrow()), kp, Optional.empty(), joinerConfig);
  }

  private static ProcessResult.CommitApplied applied(ProcessResult result) {
    assertThat(result).isInstanceOf(ProcessResult.CommitApplied.class);
    return (ProcessResult.CommitApplied) result;
  }

  // ---- provenance ----

  @Test
  void addByValueFromCommitterAndAddByReferenceFromAnotherMemberReportTheirProposers() {
    GroupConfig config = GroupConfig.DEFAULT;
    Group alice = host(config);
    Group bob = add(alice, "bob", config);
    Group carol = add(alice, "carol", config, bob);

    // Bob proposes Dave; STRICT still caches members' proposals.
    KeyPackageBundle dave = TestClients.keyPackage(suite, "dave", config);
    MlsMessage proposal = roundTrip(bob.proposeAdd(dave.keyPackage()));
    assertThat(alice.process(proposal)).isInstanceOfSatisfying(ProcessResult.ProposalStored.class,
        s -> assertThat(s.sender()).isEqualTo(new Sender.Member(1)));
    assertThat(carol.process(proposal)).isInstanceOf(ProcessResult.ProposalStored.class);

    // Alice adds Erin by value and includes Bob's Add of Dave by reference.
    KeyPackageBundle erin = TestClients.keyPackage(suite, "erin", config);
    CommitOutput out = alice.commit(CommitOptions.builder().add(erin.keyPackage()).build());
    List<ProposalProvenance> expected = List.of(
        new ProposalProvenance(Add.TYPE, new Sender.Member(0), false),
        new ProposalProvenance(Add.TYPE, new Sender.Member(1), true));
    List<AddedMember> expectedAdded = List.of(
        new AddedMember(new LeafIndex(3), erin.keyPackage(), new Sender.Member(0), false),
        new AddedMember(new LeafIndex(4), dave.keyPackage(), new Sender.Member(1), true));

    ProcessResult.CommitApplied atCarol = applied(carol.process(roundTrip(out.commit())));
    assertThat(atCarol.proposals()).isEqualTo(expected);
    assertThat(atCarol.addedMembers()).isEqualTo(expectedAdded);
    assertThat(atCarol.added()).containsExactly(new LeafIndex(3), new LeafIndex(4));
    assertThat(atCarol.newGroupContextExtensions()).isEmpty();

    // The committer's own merge reports the same.
    ProcessResult.CommitApplied atAlice = alice.mergePendingCommit();
    assertThat(atAlice.proposals()).isEqualTo(expected);
    assertThat(atAlice.addedMembers()).isEqualTo(expectedAdded);

    ProcessResult.CommitApplied atBob = applied(bob.process(roundTrip(out.commit())));
    assertThat(atBob.addedMembers()).isEqualTo(expectedAdded);
  }

  @Test
  void groupContextExtensionsOfTheNewEpochAreReported() {
    GroupConfig config = GroupConfig.DEFAULT;
    Group alice = host(config);
    Group bob = add(alice, "bob", config);
    List<Extension> none = List.of();
    CommitOutput out = alice.commit(CommitOptions.builder().groupContextExtensions(none).build());
    ProcessResult.CommitApplied atBob = applied(bob.process(roundTrip(out.commit())));
    assertThat(atBob.newGroupContextExtensions()).contains(none);
    assertThat(atBob.proposals()).containsExactly(
        new ProposalProvenance(GroupContextExtensions.TYPE, new Sender.Member(0), false));
    assertThat(alice.mergePendingCommit().newGroupContextExtensions()).contains(none);
    assertThat(bob.groupContextExtensions()).isEmpty();
  }

  @Test
  void externalRemoveAcceptedByCustomPolicyShowsTheExternalSender() {
    // Accept the relay's (external sender 0) Removes only, and members' proposals.
    ProposalPolicy policy = (sender, proposal) -> sender instanceof Sender.Member
        || (sender instanceof Sender.External e && e.senderIndex() == 0 && proposal instanceof Remove);
    GroupConfig config = GroupConfig.builder().proposalPolicy(policy).build();
    Group alice = host(config);
    Group bob = add(alice, "bob", config);
    Group carol = add(alice, "carol", config, bob);

    MlsMessage remove = ExternalProposals.remove(suite, alice.groupId(), alice.epoch(), 0, relay.privateKey(),
        new LeafIndex(1));
    MlsMessage relayAdd = ExternalProposals.add(suite, alice.groupId(), alice.epoch(), 0, relay.privateKey(),
        TestClients.keyPackage(suite, "intruder", config).keyPackage());
    for (Group g : List.of(alice, bob, carol)) {
      assertThat(g.process(roundTrip(remove))).isInstanceOfSatisfying(ProcessResult.ProposalStored.class,
          s -> assertThat(s.sender()).isEqualTo(new Sender.External(0)));
      assertThat(g.process(roundTrip(relayAdd))).isEqualTo(new ProcessResult.ProposalRefused(new Sender.External(0),
          Add.TYPE));
    }
    CommitOutput out = carol.commit();
    ProcessResult.CommitApplied atAlice = applied(alice.process(roundTrip(out.commit())));
    assertThat(atAlice.proposals()).containsExactly(new ProposalProvenance(Remove.TYPE, new Sender.External(0), true));
    assertThat(atAlice.removed()).containsExactly(new LeafIndex(1));
    assertThat(atAlice.addedMembers()).isEmpty();
    assertThat(carol.mergePendingCommit().proposals())
        .containsExactly(new ProposalProvenance(Remove.TYPE, new Sender.External(0), true));
    assertThat(applied(bob.process(roundTrip(out.commit()))).selfRemoved()).isTrue();
  }

  // ---- proposal policy ----

  @Test
  void strictPolicyRefusesRelayAddAndACommitReferencingItIsRejected() {
    GroupConfig strict = GroupConfig.DEFAULT;
    // Bob runs a permissive client (RFC 9420's default behaviour) and commits what the relay proposes.
    GroupConfig permissive = GroupConfig.builder().proposalPolicy(ProposalPolicy.ACCEPT_ALL).build();
    Group alice = host(strict);
    Group bob = add(alice, "bob", permissive);

    KeyPackageBundle intruder = TestClients.keyPackage(suite, "intruder", strict);
    MlsMessage relayAdd = ExternalProposals.add(suite, alice.groupId(), alice.epoch(), 0, relay.privateKey(),
        intruder.keyPackage());
    assertThat(alice.process(roundTrip(relayAdd)))
        .isEqualTo(new ProcessResult.ProposalRefused(new Sender.External(0), Add.TYPE));
    assertThat(bob.process(roundTrip(relayAdd))).isInstanceOf(ProcessResult.ProposalStored.class);

    CommitOutput byBob = bob.commit();
    assertThat(byBob.welcome()).isPresent();
    long epoch = alice.epoch();
    assertRule(() -> alice.process(roundTrip(byBob.commit())), Rule.UNKNOWN_PROPOSAL);
    assertThat(alice.epoch()).isEqualTo(epoch);
    assertThat(alice.roster()).hasSize(2);

    // Alice's own commit does not include the refused Add.
    bob.discardPendingCommit();
    CommitOutput byAlice = alice.commit();
    assertThat(byAlice.welcome()).isEmpty();
    assertThat(alice.mergePendingCommit().proposals()).isEmpty();
  }

  @Test
  void strictPolicyRefusesNewMemberProposal() {
    Group alice = host(GroupConfig.DEFAULT);
    KeyPackageBundle joiner = TestClients.keyPackage(suite, "joiner", GroupConfig.DEFAULT);
    FramedContent content = new FramedContent(alice.groupId(), alice.epoch(), new Sender.NewMemberProposal(),
        new byte[0], new Content.ProposalContent(new Add(joiner.keyPackage())));
    AuthenticatedContent signed = ContentAuthentication.sign(suite, joiner.signatureKeyPair().privateKey(),
        WireFormat.PUBLIC_MESSAGE, content, null, Optional.empty());
    MlsMessage message = new MlsMessage(new MlsMessage.Public(PublicMessageProtection.protect(suite, signed, null,
        null)));
    assertThat(alice.process(roundTrip(message)))
        .isEqualTo(new ProcessResult.ProposalRefused(new Sender.NewMemberProposal(), Add.TYPE));

    // The same message is valid: a permissive member caches it.
    Group open = Group.create(suite, alice.groupId(), credential("open"), suite.generateSignatureKeyPair(),
        GroupConfig.builder().proposalPolicy(ProposalPolicy.ACCEPT_ALL).build());
    FramedContent forOpen = new FramedContent(open.groupId(), open.epoch(), new Sender.NewMemberProposal(),
        new byte[0], new Content.ProposalContent(new Add(joiner.keyPackage())));
    AuthenticatedContent signedForOpen = ContentAuthentication.sign(suite, joiner.signatureKeyPair().privateKey(),
        WireFormat.PUBLIC_MESSAGE, forOpen, null, Optional.empty());
    assertThat(open.process(new MlsMessage(new MlsMessage.Public(PublicMessageProtection.protect(suite,
        signedForOpen, null, null))))).isInstanceOf(ProcessResult.ProposalStored.class);
  }

  // ---- external commits ----

  @Test
  void externalCommitIsRefusedByDefault() {
    Group alice = host(GroupConfig.DEFAULT);
    Group bob = add(alice, "bob", GroupConfig.DEFAULT);
    ExternalJoin intruder = Group.joinExternally(roundTrip(alice.groupInfo(true)), credential("intruder"),
        suite.generateSignatureKeyPair(), GroupConfig.DEFAULT);
    long epoch = alice.epoch();
    assertRule(() -> alice.process(roundTrip(intruder.commit())), Rule.EXTERNAL_COMMIT_REFUSED);
    assertRule(() -> bob.process(roundTrip(intruder.commit())), Rule.EXTERNAL_COMMIT_REFUSED);
    assertThat(alice.epoch()).isEqualTo(epoch);
    assertThat(bob.roster()).hasSize(2);
  }

  @Test
  void externalCommitRemovingTheHostIsRejected() {
    GroupConfig open = GroupConfig.builder().allowExternalCommits(true).build();
    Group alice = host(open);
    Group bob = add(alice, "bob", open);
    Group carol = add(alice, "carol", open, bob);
    MlsMessage info = roundTrip(bob.groupInfo(true));

    // An honest library refuses to build it...
    assertRule(() -> Group.joinExternally(info, Optional.empty(), credential("intruder"),
        suite.generateSignatureKeyPair(), Optional.of(new LeafIndex(0)), open), Rule.EXTERNAL_REMOVE_NOT_SELF);
    // ...a hostile client builds it anyway; receivers reject it.
    GroupConfig hostile = GroupConfig.builder().credentialValidator(ANY_SUCCESSOR).build();
    ExternalJoin intruder = Group.joinExternally(info, Optional.empty(), credential("intruder"),
        suite.generateSignatureKeyPair(), Optional.of(new LeafIndex(0)), hostile);
    long epoch = bob.epoch();
    assertRule(() -> bob.process(roundTrip(intruder.commit())), Rule.EXTERNAL_REMOVE_NOT_SELF);
    assertRule(() -> carol.process(roundTrip(intruder.commit())), Rule.EXTERNAL_REMOVE_NOT_SELF);
    assertRule(() -> alice.process(roundTrip(intruder.commit())), Rule.EXTERNAL_REMOVE_NOT_SELF);
    assertThat(bob.epoch()).isEqualTo(epoch);
    assertThat(bob.roster()).extracting(Member::leafIndex)
        .containsExactly(new LeafIndex(0), new LeafIndex(1), new LeafIndex(2));
    // The group still works: Alice commits and everyone follows.
    CommitOutput next = alice.commit();
    alice.mergePendingCommit();
    applied(bob.process(roundTrip(next.commit())));
    applied(carol.process(roundTrip(next.commit())));
  }

  @Test
  void resyncRemovingOwnEarlierLeafIsAccepted() {
    List<Object[]> asked = new ArrayList<>();
    CredentialValidator recording = new CredentialValidator() {
      @Override
      public boolean isValid(Credential credential, byte[] signatureKey) {
        return true;
      }

      @Override
      public boolean isValidSuccessor(Credential oldCredential, byte[] oldSignatureKey, Credential newCredential,
          byte[] newSignatureKey) {
        asked.add(new Object[] {oldCredential, oldSignatureKey, newCredential, newSignatureKey});
        return CredentialValidator.super.isValidSuccessor(oldCredential, oldSignatureKey, newCredential,
            newSignatureKey);
      }
    };
    GroupConfig open = GroupConfig.builder().allowExternalCommits(true).build();
    GroupConfig openRecording = GroupConfig.builder().allowExternalCommits(true).credentialValidator(recording)
        .build();
    Group alice = host(openRecording);
    Group bob = add(alice, "bob", open);
    Group carol = add(alice, "carol", open, bob);
    byte[] bobOldKey = alice.roster().get(1).signatureKey();

    // Bob lost his state and rejoins with the same credential and a new signature key.
    SignatureKeyPair bobNewKeys = suite.generateSignatureKeyPair();
    ExternalJoin rejoined = Group.joinExternally(roundTrip(carol.groupInfo(true)), Optional.empty(),
        credential("bob"), bobNewKeys, Optional.of(new LeafIndex(1)), open);
    asked.clear();
    ProcessResult.CommitApplied atAlice = applied(alice.process(roundTrip(rejoined.commit())));
    assertThat(atAlice.removed()).containsExactly(new LeafIndex(1));
    assertThat(atAlice.committer()).isEqualTo(new Sender.NewMemberCommit());
    assertThat(atAlice.proposals()).containsExactly(
        new ProposalProvenance(ExternalInit.TYPE, new Sender.NewMemberCommit(), false),
        new ProposalProvenance(Remove.TYPE, new Sender.NewMemberCommit(), false));
    assertThat(asked).singleElement().satisfies(a -> {
      assertThat(a[0]).isEqualTo(credential("bob"));
      assertThat((byte[]) a[1]).isEqualTo(bobOldKey);
      assertThat(a[2]).isEqualTo(credential("bob"));
      assertThat((byte[]) a[3]).isEqualTo(bobNewKeys.publicKey());
    });
    applied(carol.process(roundTrip(rejoined.commit())));
    assertThat(rejoined.group().ownLeafIndex()).isEqualTo(new LeafIndex(1));
    assertThat(carol.epochAuthenticator()).isEqualTo(rejoined.group().epochAuthenticator());
  }

  @Test
  void resyncWithACopiedCredentialIsStoppedOnlyByAnAuthenticationServiceThatBindsKeys() {
    // The successor rule compares credentials; a copied basic credential with another key passes it.
    // Only isValid, binding identity to signature key, stops that impersonation (RFC 9420 §5.3.1).
    GroupConfig open = GroupConfig.builder().allowExternalCommits(true).build();
    Group alice = host(open);
    byte[] aliceKey = alice.roster().get(0).signatureKey();
    CredentialValidator binding = (credential, key) -> !credential.equals(credential("alice"))
        || java.util.Arrays.equals(key, aliceKey);
    GroupConfig openBinding = GroupConfig.builder().allowExternalCommits(true).credentialValidator(binding).build();
    Group bob = add(alice, "bob", openBinding);
    Group carol = add(alice, "carol", open, bob);

    ExternalJoin impostor = Group.joinExternally(roundTrip(carol.groupInfo(true)), Optional.empty(),
        credential("alice"), suite.generateSignatureKeyPair(), Optional.of(new LeafIndex(0)), open);
    assertRule(() -> bob.process(roundTrip(impostor.commit())), Rule.CREDENTIAL);
    // Carol's configuration accepts every credential (GroupConfig's default): the impostor gets in.
    assertThat(applied(carol.process(roundTrip(impostor.commit()))).removed()).containsExactly(new LeafIndex(0));
  }

  // ---- credential successors ----

  @Test
  void updateChangingIdentityIsRejected() {
    GroupConfig config = GroupConfig.DEFAULT;
    Group alice = host(config);
    Group bob = add(alice, "bob", config);
    GroupConfig hostile = GroupConfig.builder().credentialValidator(ANY_SUCCESSOR).build();
    // Dan accepts any successor: the same Update is otherwise valid.
    Group dan = add(alice, "dan", hostile, bob);
    Group carol = add(alice, "carol", hostile, bob, dan);

    MlsMessage update = roundTrip(updateWithCredential(carol, credential("alice")));
    assertRule(() -> alice.process(update), Rule.CREDENTIAL_SUCCESSOR);
    assertRule(() -> bob.process(update), Rule.CREDENTIAL_SUCCESSOR);
    assertThat(dan.process(update)).isInstanceOf(ProcessResult.ProposalStored.class);

    // A plain Update (same credential) is still fine, and committed by reference with its proposer.
    MlsMessage plain = roundTrip(bob.proposeUpdate());
    assertThat(alice.process(plain)).isInstanceOf(ProcessResult.ProposalStored.class);
    CommitOutput out = alice.commit();
    assertThat(alice.mergePendingCommit().proposals())
        .containsExactly(new ProposalProvenance(Update.TYPE, new Sender.Member(1), true));
    ProcessResult.CommitApplied atBob = applied(bob.process(roundTrip(out.commit())));
    assertThat(atBob.updated()).containsExactly(new LeafIndex(1));
    assertThat(atBob.proposals()).containsExactly(new ProposalProvenance(Update.TYPE, new Sender.Member(1), true));
  }

  @Test
  void commitPathChangingTheCommittersIdentityIsRejected() {
    GroupConfig config = GroupConfig.DEFAULT;
    Group alice = host(config);
    Group bob = add(alice, "bob", config);
    // Dan accepts any successor: the same commit is otherwise valid.
    Group dan = add(alice, "dan", GroupConfig.builder().credentialValidator(ANY_SUCCESSOR).build(), bob);
    Group carol = add(alice, "carol", config, bob, dan);

    MlsMessage commit = roundTrip(commitWithCredential(carol, credential("alice")));
    long epoch = alice.epoch();
    assertRule(() -> alice.process(commit), Rule.CREDENTIAL_SUCCESSOR);
    assertRule(() -> bob.process(commit), Rule.CREDENTIAL_SUCCESSOR);
    assertThat(alice.epoch()).isEqualTo(epoch);
    ProcessResult.CommitApplied atDan = applied(dan.process(commit));
    assertThat(atDan.committer()).isEqualTo(new Sender.Member(3));
    assertThat(dan.roster().get(3).credential()).isEqualTo(credential("alice"));
  }

  /** An Update proposal of {@code member} whose leaf carries {@code newCredential} (same signature key). */
  private MlsMessage updateWithCredential(Group member, Credential newCredential) {
    GroupCore core = member.core();
    EpochState state = core.current();
    LeafNode old = state.ownLeafNode();
    HpkeKeyPair keys = suite.generateHpkeKeyPair();
    LeafNode unsigned = new LeafNode(keys.publicKey(), old.signatureKey(), newCredential, old.capabilities(),
        new LeafNodeSource.FromUpdate(), old.extensions(), new byte[0]);
    byte[] signature = suite.signWithLabel(core.signer().privateKey(), "LeafNodeTBS",
        unsigned.toBeSigned(state.groupId(), state.ownLeaf().value()));
    LeafNode leaf = new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), newCredential,
        unsigned.capabilities(), unsigned.source(), unsigned.extensions(), signature);
    return core.propose(new Update(leaf));
  }

  /**
   * An empty commit of {@code member} whose path leaf carries {@code newCredential} (same signature
   * key): built from a copy of its epoch whose own leaf has the new credential, which only the path
   * leaf reveals to receivers.
   */
  private MlsMessage commitWithCredential(Group member, Credential newCredential) {
    GroupCore core = member.core();
    EpochState state = core.current();
    LeafNode old = state.ownLeafNode();
    TreeState tree = state.tree().copy();
    tree.updateLeaf(state.ownLeaf(), new LeafNode(old.encryptionKey(), old.signatureKey(), newCredential,
        old.capabilities(), old.source(), old.extensions(), old.signature()));
    EpochState forged = new EpochState(state.suite(), state.context(), tree, state.keys(), state.secrets(),
        state.secretTree(), state.interimTranscriptHash(), state.confirmationTag());
    CommitCreator.Request request = new CommitCreator.Request(List.of(), List.of(), true, new byte[0],
        WireFormat.PUBLIC_MESSAGE, 0, true);
    return CommitCreator.create(forged, core.signer(), request, core.env(), new SecureRandom()).message();
  }
}
