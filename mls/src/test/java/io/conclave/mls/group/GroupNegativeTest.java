package io.conclave.mls.group;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static io.conclave.mls.group.TestClients.credential;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.CryptoException;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.extension.RequiredCapabilities;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.FramedContentAuthData;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.Lifetime;
import io.conclave.mls.tree.Node;
import io.conclave.mls.tree.ParentNode;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each test breaks one rule and checks that exactly that rule is reported. */
class GroupNegativeTest {
  private final CipherSuite suite = CipherSuites.get(1);
  private final GroupConfig config = GroupConfig.DEFAULT;
  private final SignatureKeyPair aliceKeys = suite.generateSignatureKeyPair();
  private final Group alice = Group.create(suite, "negative".getBytes(StandardCharsets.UTF_8), credential("alice"),
      aliceKeys, config);

  /** A KeyPackage signed correctly but with the given leaf encryption key, signer, lifetime and capabilities. */
  private KeyPackage keyPackage(byte[] encryptionKey, SignatureKeyPair signer, Lifetime lifetime, Capabilities caps) {
    LeafNode unsigned = new LeafNode(encryptionKey, signer.publicKey(), credential("mallory"), caps,
        new LeafNodeSource.FromKeyPackage(lifetime), List.of(), new byte[0]);
    LeafNode leaf = new LeafNode(encryptionKey, signer.publicKey(), unsigned.credential(), caps, unsigned.source(),
        List.of(), suite.signWithLabel(signer.privateKey(), "LeafNodeTBS", unsigned.toBeSigned()));
    KeyPackage tbs = new KeyPackage(ProtocolVersion.MLS10, suite.id(),
        suite.generateHpkeKeyPair().publicKey(), leaf, List.of(), new byte[0]);
    return new KeyPackage(tbs.version(), tbs.cipherSuite(), tbs.initKey(), leaf, List.of(),
        suite.signWithLabel(signer.privateKey(), "KeyPackageTBS", tbs.toBeSigned()));
  }

  private static Lifetime always() {
    return new Lifetime(0, -1L);
  }

  private Group addBob() {
    return TestClients.addNew(alice, "bob", config);
  }

  @Test
  void badKeyPackageSignature() {
    KeyPackage good = TestClients.keyPackage(suite, "bob", config).keyPackage();
    byte[] signature = good.signature();
    signature[0] ^= 1;
    KeyPackage bad = new KeyPackage(good.version(), good.cipherSuite(), good.initKey(), good.leafNode(),
        good.extensions(), signature);
    assertRule(() -> alice.commit(CommitOptions.builder().add(bad).build()), Rule.KEY_PACKAGE_SIGNATURE);
  }

  @Test
  void badMessageSignatureFromExternalSender() {
    SignatureKeyPair server = suite.generateSignatureKeyPair();
    SignatureKeyPair other = suite.generateSignatureKeyPair();
    Group group = Group.create(suite, "g".getBytes(StandardCharsets.UTF_8), credential("alice"),
        suite.generateSignatureKeyPair(), List.of(new ExternalSenders(List.of(
            new ExternalSender(server.publicKey(), credential("relay")))).toExtension()),
        config);
    TestClients.addNew(group, "bob", config);
    MlsMessage forged = ExternalProposals.remove(suite, group.groupId(), group.epoch(), 0, other.privateKey(),
        new LeafIndex(1));
    assertThatThrownBy(() -> group.process(forged)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void proposalFromNonMemberExternalSender() {
    addBob();
    MlsMessage proposal = ExternalProposals.remove(suite, alice.groupId(), alice.epoch(), 0,
        suite.generateSignatureKeyPair().privateKey(), new LeafIndex(1));
    assertRule(() -> alice.process(proposal), Rule.EXTERNAL_SENDER);
  }

  @Test
  void wrongEpoch() {
    Group bob = addBob();
    CommitOutput stale = bob.commit();
    bob.discardPendingCommit();
    alice.commit();
    alice.mergePendingCommit();
    assertRule(() -> alice.process(stale.commit()), Rule.EPOCH);
  }

  @Test
  void wrongConfirmationTagOnExternalCommit() {
    Group host = Group.create(suite, "open".getBytes(StandardCharsets.UTF_8), credential("host"),
        suite.generateSignatureKeyPair(), GroupConfig.builder().allowExternalCommits(true).build());
    ExternalJoin carol = Group.joinExternally(host.groupInfo(true), credential("carol"),
        suite.generateSignatureKeyPair(), config);
    PublicMessage commit = ((MlsMessage.Public) carol.commit().body()).message();
    byte[] tag = commit.auth().confirmationTag().orElseThrow();
    tag[0] ^= 1;
    MlsMessage tampered = new MlsMessage(new MlsMessage.Public(new PublicMessage(commit.content(),
        new FramedContentAuthData(commit.auth().signature(), Optional.of(tag)), Optional.empty())));
    assertRule(() -> host.process(tampered), Rule.CONFIRMATION_TAG);
  }

  @Test
  void commitByRemovedSender() {
    Group bob = addBob();
    Group carol = TestClients.addNew(alice, "carol", config, bob);
    CommitOutput fromBob = bob.commit();
    CommitOutput removeBob = alice.commit(CommitOptions.builder().remove(new LeafIndex(1)).build());
    alice.mergePendingCommit();
    carol.process(removeBob.commit());
    // Bob replays his commit as if for the new epoch: his leaf is blank there.
    PublicMessage old = ((MlsMessage.Public) fromBob.commit().body()).message();
    FramedContent c = old.content();
    PublicMessage replay = new PublicMessage(new FramedContent(c.groupId(), carol.epoch(), c.sender(),
        c.authenticatedData(), c.content()), old.auth(), old.membershipTag());
    assertRule(() -> carol.process(new MlsMessage(new MlsMessage.Public(replay))), Rule.SENDER_NOT_MEMBER);
  }

  @Test
  void commitRemovingTheCommitter() {
    addBob();
    assertRule(() -> alice.commit(CommitOptions.builder().remove(new LeafIndex(0)).build()),
        Rule.LIST_REMOVE_COMMITTER);
  }

  @Test
  void duplicateEncryptionKey() {
    addBob();
    byte[] bobsKey = alice.roster().get(1).encryptionKey();
    KeyPackage kp = keyPackage(bobsKey, suite.generateSignatureKeyPair(), always(),
        KeyPackageBundle.defaultCapabilities(suite));
    assertRule(() -> alice.commit(CommitOptions.builder().add(kp).build()), Rule.UNIQUE_ENCRYPTION_KEY);
  }

  @Test
  void duplicateSignatureKey() {
    KeyPackage kp = keyPackage(suite.generateHpkeKeyPair().publicKey(), aliceKeys, always(),
        KeyPackageBundle.defaultCapabilities(suite));
    assertRule(() -> alice.commit(CommitOptions.builder().add(kp).build()), Rule.LIST_ADD_MEMBER);
  }

  @Test
  void unsupportedRequiredCapability() {
    Extension requireX509 = new RequiredCapabilities(List.of(), List.of(), List.of(Credential.TYPE_X509)).toExtension();
    Group group = Group.create(suite, "caps".getBytes(StandardCharsets.UTF_8), credential("alice"),
        suite.generateSignatureKeyPair(), List.of(requireX509), config);
    Capabilities basicOnly = new Capabilities(List.of(1), List.of(suite.id()), List.of(), List.of(),
        List.of(Credential.TYPE_BASIC));
    KeyPackage kp = keyPackage(suite.generateHpkeKeyPair().publicKey(), suite.generateSignatureKeyPair(), always(),
        basicOnly);
    assertRule(() -> group.proposeAdd(kp), Rule.REQUIRED_CAPABILITIES);
  }

  @Test
  void expiredKeyPackage() {
    long past = Instant.now().minus(Duration.ofDays(2)).getEpochSecond();
    KeyPackage kp = keyPackage(suite.generateHpkeKeyPair().publicKey(), suite.generateSignatureKeyPair(),
        new Lifetime(past - 86_400, past), KeyPackageBundle.defaultCapabilities(suite));
    assertRule(() -> alice.commit(CommitOptions.builder().add(kp).build()), Rule.LIFETIME);
  }

  @Test
  void badTreeHash() {
    GroupConfig noTree = GroupConfig.builder().ratchetTreeExtension(false).build();
    Group owner = Group.create(suite, "t".getBytes(StandardCharsets.UTF_8), credential("alice"),
        suite.generateSignatureKeyPair(), noTree);
    // The owner's tree with a stranger's leaf appended: the signer's leaf is intact, the hash is not.
    List<Optional<Node>> nodes = new ArrayList<>(owner.ratchetTree().nodes());
    nodes.add(Optional.empty());
    nodes.add(TestClients.create(suite, "zed", noTree).ratchetTree().nodes().get(0));
    assertRule(() -> Group.joinExternally(owner.groupInfo(true), Optional.of(new RatchetTree(nodes)),
        credential("carol"), suite.generateSignatureKeyPair(), Optional.empty(), noTree), Rule.TREE_HASH);
  }

  @Test
  void badParentHash() {
    Group bob = addBob();
    TestClients.addNew(alice, "carol", config, bob);
    GroupInfo info = ((MlsMessage.GroupInfoBody) alice.groupInfo(true).body()).groupInfo();
    List<Optional<Node>> nodes = new ArrayList<>(alice.ratchetTree().nodes());
    int root = 3;
    ParentNode parent = ((Node.Parent) nodes.get(root).orElseThrow()).parentNode();
    byte[] wrongHash = new byte[suite.hashLength()];
    nodes.set(root, Optional.of(new Node.Parent(new ParentNode(parent.encryptionKey(), wrongHash,
        parent.unmergedLeaves()))));
    RatchetTree tampered = new RatchetTree(nodes);
    GroupContext c = info.groupContext();
    byte[] treeHash = TreeState.fromRatchetTree(suite, tampered).treeHash();
    GroupContext context = new GroupContext(c.version(), c.cipherSuite(), c.groupId(), c.epoch(), treeHash,
        c.confirmedTranscriptHash(), c.extensions());
    List<Extension> extensions = new ArrayList<>();
    for (Extension e : info.extensions()) {
      extensions.add(e.type() == RatchetTree.EXTENSION_TYPE ? tampered.toExtension() : e);
    }
    GroupInfo resigned = GroupInfoSignature.sign(suite, aliceKeys.privateKey(),
        new GroupInfo(context, extensions, info.confirmationTag(), info.signer(), new byte[0]));
    assertRule(() -> Group.joinExternally(new MlsMessage(new MlsMessage.GroupInfoBody(resigned)), credential("dave"),
        suite.generateSignatureKeyPair(), config), Rule.PARENT_HASH);
  }
}
