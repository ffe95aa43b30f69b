package io.conclave.mls.group;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static io.conclave.mls.group.TestClients.addNew;
import static io.conclave.mls.group.TestClients.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.Node;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A few members doing everything the Group API offers, checking they agree on each epoch. */
class GroupFunctionalTest {
  private final CipherSuite suite = CipherSuites.get(1);

  private static void assertSameEpoch(Group... groups) {
    for (Group g : groups) {
      assertThat(g.epoch()).isEqualTo(groups[0].epoch());
      assertThat(g.epochAuthenticator()).isEqualTo(groups[0].epochAuthenticator());
      assertThat(g.exportSecret("test", new byte[0], 16)).isEqualTo(groups[0].exportSecret("test", new byte[0], 16));
      assertThat(g.roster()).isEqualTo(groups[0].roster());
    }
  }

  private static void assertDelivers(Group from, Group... to) {
    byte[] text = ("hello from " + from.ownLeafIndex().value()).getBytes(StandardCharsets.UTF_8);
    MlsMessage message = roundTrip(from.encryptApplication(text));
    for (Group g : to) {
      ProcessResult result = g.process(message);
      assertThat(result).isInstanceOf(ProcessResult.ApplicationMessage.class);
      ProcessResult.ApplicationMessage app = (ProcessResult.ApplicationMessage) result;
      assertThat(app.data()).isEqualTo(text);
      assertThat(app.senderLeaf()).isEqualTo(from.ownLeafIndex());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUBLIC_MESSAGE", "PRIVATE_MESSAGE"})
  void addUpdateRemoveAndExternalJoin(String format) {
    GroupConfig config = GroupConfig.builder().handshakeFormat(WireFormat.valueOf(format))
        .allowExternalCommits(true).build();
    Group alice = TestClients.create(suite, "alice", config);
    Group bob = addNew(alice, "bob", config);
    assertSameEpoch(alice, bob);
    assertDelivers(alice, bob);
    assertDelivers(bob, alice);

    Group carol = addNew(bob, "carol", config, alice);
    assertSameEpoch(alice, bob, carol);
    assertDelivers(carol, alice, bob);

    // Carol proposes an Update; Bob commits it by reference.
    byte[] carolKeyBefore = alice.roster().get(2).encryptionKey();
    MlsMessage update = roundTrip(carol.proposeUpdate());
    assertThat(alice.process(update)).isInstanceOf(ProcessResult.ProposalStored.class);
    assertThat(bob.process(update)).isInstanceOf(ProcessResult.ProposalStored.class);
    CommitOutput commit = bob.commit();
    bob.mergePendingCommit();
    ProcessResult.CommitApplied applied = (ProcessResult.CommitApplied) alice.process(roundTrip(commit.commit()));
    assertThat(applied.updated()).containsExactly(new LeafIndex(2));
    carol.process(roundTrip(commit.commit()));
    assertThat(alice.roster().get(2).encryptionKey()).isNotEqualTo(carolKeyBefore);
    assertSameEpoch(alice, bob, carol);
    assertDelivers(carol, alice, bob);

    // Alice removes Bob.
    CommitOutput remove = alice.commit(CommitOptions.builder().remove(new LeafIndex(1)).build());
    alice.mergePendingCommit();
    carol.process(roundTrip(remove.commit()));
    ProcessResult.CommitApplied removed = (ProcessResult.CommitApplied) bob.process(roundTrip(remove.commit()));
    assertThat(removed.selfRemoved()).isTrue();
    assertThat(bob.isActive()).isFalse();
    assertSameEpoch(alice, carol);
    assertThat(alice.roster()).extracting(Member::leafIndex).containsExactly(new LeafIndex(0), new LeafIndex(2));

    // Dave joins by external commit from Carol's GroupInfo; he takes Bob's blank leaf.
    SignatureKeyPair daveKeys = suite.generateSignatureKeyPair();
    ExternalJoin dave = Group.joinExternally(roundTrip(carol.groupInfo(true)), TestClients.credential("dave"),
        daveKeys, config);
    alice.process(roundTrip(dave.commit()));
    carol.process(roundTrip(dave.commit()));
    assertThat(dave.group().ownLeafIndex()).isEqualTo(new LeafIndex(1));
    assertSameEpoch(alice, carol, dave.group());
    assertDelivers(dave.group(), alice, carol);
    assertDelivers(alice, dave.group(), carol);
  }

  @Test
  void externalJoinerMustDeclarePrivateGroupContextExtension() {
    int contextType = 0xF1C1;
    int leafType = 0xF1C0;
    GroupConfig config = GroupConfig.builder().allowExternalCommits(true).build();
    Group alice = Group.create(suite, "g".getBytes(StandardCharsets.UTF_8), TestClients.credential("alice"),
        suite.generateSignatureKeyPair(), List.of(new Extension(contextType, new byte[] {1, 2})), config);
    MlsMessage info = roundTrip(alice.groupInfo(true));

    assertRule(() -> Group.joinExternally(info, TestClients.credential("dave"),
        suite.generateSignatureKeyPair(), config), Rule.JOINER_EXTENSIONS);

    Capabilities defaults = KeyPackageBundle.defaultCapabilities(suite);
    Capabilities declared = new Capabilities(defaults.versions(), defaults.cipherSuites(),
        List.of(leafType, contextType), defaults.proposals(), defaults.credentials());
    Extension leafExtension = new Extension(leafType, new byte[] {7});
    ExternalJoin dave = Group.joinExternally(info, TestClients.credential("dave"), suite.generateSignatureKeyPair(),
        ExternalJoinOptions.DEFAULT.withLeaf(declared, List.of(leafExtension)), config);
    assertThat(alice.process(roundTrip(dave.commit()))).isInstanceOf(ProcessResult.CommitApplied.class);
    assertSameEpoch(alice, dave.group());
    LeafNode daveLeaf = ((Node.Leaf) alice.ratchetTree().nodes().get(2).orElseThrow()).leafNode();
    assertThat(daveLeaf.capabilities().extensions()).contains(contextType);
    assertThat(daveLeaf.extensions()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(leafType);
      assertThat(e.data()).containsExactly(7);
    });
    assertDelivers(dave.group(), alice);
  }

  @Test
  void externalSenderRemovesMember() {
    GroupConfig config = GroupConfig.builder().proposalPolicy(ProposalPolicy.ACCEPT_ALL).build();
    SignatureKeyPair server = suite.generateSignatureKeyPair();
    ExternalSenders senders = new ExternalSenders(List.of(
        new ExternalSender(server.publicKey(), TestClients.credential("relay"))));
    Group alice = Group.create(suite, "g".getBytes(StandardCharsets.UTF_8), TestClients.credential("alice"),
        suite.generateSignatureKeyPair(), List.of(senders.toExtension()), config);
    Group bob = addNew(alice, "bob", config);
    Group carol = addNew(alice, "carol", config, bob);

    MlsMessage proposal = ExternalProposals.remove(suite, alice.groupId(), alice.epoch(), 0, server.privateKey(),
        new LeafIndex(1));
    ProcessResult stored = alice.process(roundTrip(proposal));
    assertThat(stored).isInstanceOf(ProcessResult.ProposalStored.class);
    carol.process(roundTrip(proposal));
    bob.process(roundTrip(proposal));
    CommitOutput commit = carol.commit();
    carol.mergePendingCommit();
    ProcessResult.CommitApplied applied = (ProcessResult.CommitApplied) alice.process(roundTrip(commit.commit()));
    assertThat(applied.removed()).containsExactly(new LeafIndex(1));
    assertThat(((ProcessResult.CommitApplied) bob.process(roundTrip(commit.commit()))).selfRemoved()).isTrue();
    assertSameEpoch(alice, carol);
  }

  @Test
  void competingCommitsOneWinsTheOtherIsDiscarded() {
    GroupConfig config = GroupConfig.DEFAULT;
    Group alice = TestClients.create(suite, "alice", config);
    Group bob = addNew(alice, "bob", config);
    Group carol = addNew(alice, "carol", config, bob);

    CommitOutput fromAlice = alice.commit();
    CommitOutput fromCarol = carol.commit();
    // The delivery service accepts Alice's commit.
    assertThat(alice.process(roundTrip(fromAlice.commit()))).isInstanceOf(ProcessResult.CommitApplied.class);
    assertRule(() -> carol.process(roundTrip(fromAlice.commit())), Rule.PENDING_COMMIT);
    carol.discardPendingCommit();
    carol.process(roundTrip(fromAlice.commit()));
    bob.process(roundTrip(fromAlice.commit()));
    assertSameEpoch(alice, bob, carol);
    assertRule(() -> bob.process(roundTrip(fromCarol.commit())), Rule.EPOCH);
    assertDelivers(carol, alice, bob);
  }

  @Test
  void lateApplicationMessageDecryptsWithinGraceOnly() {
    TestClients.MutableClock clock = new TestClients.MutableClock();
    GroupConfig config = GroupConfig.builder().clock(clock).previousEpochGrace(Duration.ofSeconds(10)).build();
    Group alice = TestClients.create(suite, "alice", config);
    Group bob = addNew(alice, "bob", config);

    MlsMessage early = bob.encryptApplication("before the commit".getBytes(StandardCharsets.UTF_8));
    MlsMessage late = bob.encryptApplication("also before".getBytes(StandardCharsets.UTF_8));
    CommitOutput commit = alice.commit();
    alice.mergePendingCommit();
    bob.process(commit.commit());

    clock.advance(Duration.ofSeconds(5));
    assertThat(((ProcessResult.ApplicationMessage) alice.process(early)).data())
        .isEqualTo("before the commit".getBytes(StandardCharsets.UTF_8));
    clock.advance(Duration.ofSeconds(6));
    assertRule(() -> alice.process(late), Rule.EPOCH_EXPIRED);
  }

  @Test
  void externalPskAndAddWithoutPath() {
    byte[] pskId = "psk".getBytes(StandardCharsets.UTF_8);
    SecretBytes psk = SecretBytes.copyOf(new byte[32]);
    GroupConfig config = GroupConfig.builder()
        .pskStore(id -> Arrays.equals(id, pskId) ? Optional.of(psk) : Optional.empty()).build();
    Group alice = TestClients.create(suite, "alice", config);
    Group bob = addNew(alice, "bob", config);
    KeyPackageBundle carolKp = TestClients.keyPackage(suite, "carol", config);
    CommitOutput out = alice.commit(CommitOptions.builder().add(carolKp.keyPackage()).externalPsk(pskId)
        .forcePath(false).build());
    alice.mergePendingCommit();
    bob.process(out.commit());
    Group carol = Group.joinFromWelcome(out.welcome().orElseThrow(), carolKp, Optional.empty(), config);
    assertSameEpoch(alice, bob, carol);
    assertDelivers(carol, alice, bob);
  }

  @Test
  void stateSerialisationRoundTrip() {
    GroupConfig config = GroupConfig.builder().handshakeFormat(WireFormat.PRIVATE_MESSAGE).build();
    Group alice = TestClients.create(suite, "alice", config);
    Group bob = addNew(alice, "bob", config);
    Group carol = addNew(alice, "carol", config, bob);
    assertDelivers(bob, alice, carol);
    // The saved ratchets continue where they were: no generation is reused.
    Group sentBob = Group.fromBytes(bob.toBytes(), config);
    assertDelivers(sentBob, alice, carol);
    MlsMessage update = carol.proposeUpdate();
    alice.process(update);
    sentBob.process(update);

    Group restoredBob = Group.fromBytes(sentBob.toBytes(), config);
    Group restoredCarol = Group.fromBytes(carol.toBytes(), config);
    assertSameEpoch(alice, restoredBob, restoredCarol);
    // The stored Update survives the round trip, and with it the §12.4 rule: commit before sending.
    assertThat(restoredBob.hasPendingProposals()).isTrue();

    // The cached Update is committed by reference; Carol's kept Update key survived the round trip.
    CommitOutput commit = restoredBob.commit();
    restoredBob.mergePendingCommit();
    alice.process(commit.commit());
    restoredCarol.process(commit.commit());
    assertSameEpoch(alice, restoredBob, restoredCarol);
    assertDelivers(restoredCarol, alice, restoredBob);
  }

  @Test
  void ownEchoedProposalAndCommitAreRecognised() {
    GroupConfig config = GroupConfig.builder().handshakeFormat(WireFormat.PRIVATE_MESSAGE).build();
    Group alice = TestClients.create(suite, "alice", config);
    Group bob = addNew(alice, "bob", config);
    Group carol = addNew(alice, "carol", config, bob);

    MlsMessage proposal = roundTrip(alice.proposeRemove(new LeafIndex(2)));
    assertThat(alice.process(proposal)).isInstanceOf(ProcessResult.ProposalStored.class);
    bob.process(proposal);
    carol.process(proposal);
    CommitOutput commit = alice.commit();
    // The delivery service echoes the accepted commit to its sender, which merges it.
    ProcessResult.CommitApplied applied = (ProcessResult.CommitApplied) alice.process(roundTrip(commit.commit()));
    assertThat(applied.removed()).containsExactly(new LeafIndex(2));
    assertThat(alice.hasPendingCommit()).isFalse();
    bob.process(roundTrip(commit.commit()));
    assertThat(((ProcessResult.CommitApplied) carol.process(roundTrip(commit.commit()))).selfRemoved()).isTrue();
    assertSameEpoch(alice, bob);
  }

  @Test
  void resyncByExternalCommitReplacesOwnOldLeaf() {
    GroupConfig config = GroupConfig.builder().allowExternalCommits(true).build();
    Group alice = TestClients.create(suite, "alice", config);
    Group bob = addNew(alice, "bob", config);
    Group carol = addNew(alice, "carol", config, bob);
    // Bob lost his state; he rejoins from a GroupInfo and removes his old leaf in the same commit.
    ExternalJoin rejoined = Group.joinExternally(alice.groupInfo(true), Optional.empty(),
        TestClients.credential("bob"), suite.generateSignatureKeyPair(), Optional.of(new LeafIndex(1)), config);
    ProcessResult.CommitApplied applied = (ProcessResult.CommitApplied) alice.process(rejoined.commit());
    assertThat(applied.removed()).containsExactly(new LeafIndex(1));
    carol.process(rejoined.commit());
    assertThat(rejoined.group().ownLeafIndex()).isEqualTo(new LeafIndex(1));
    assertSameEpoch(alice, carol, rejoined.group());
    assertDelivers(rejoined.group(), alice, carol);
  }

  @Test
  void externalSenderAddsMember() {
    GroupConfig config = GroupConfig.builder().proposalPolicy(ProposalPolicy.ACCEPT_ALL).build();
    SignatureKeyPair server = suite.generateSignatureKeyPair();
    ExternalSenders senders = new ExternalSenders(List.of(
        new ExternalSender(server.publicKey(), TestClients.credential("relay"))));
    Group alice = Group.create(suite, "g".getBytes(StandardCharsets.UTF_8), TestClients.credential("alice"),
        suite.generateSignatureKeyPair(), List.of(senders.toExtension()), config);
    KeyPackageBundle bob = TestClients.keyPackage(suite, "bob", config);
    MlsMessage add = ExternalProposals.add(suite, alice.groupId(), alice.epoch(), 0, server.privateKey(),
        bob.keyPackage());
    assertThat(alice.process(roundTrip(add))).isInstanceOf(ProcessResult.ProposalStored.class);
    CommitOutput commit = alice.commit();
    alice.mergePendingCommit();
    Group bobGroup = Group.joinFromWelcome(commit.welcome().orElseThrow(), bob, Optional.empty(), config);
    assertSameEpoch(alice, bobGroup);
  }
}
