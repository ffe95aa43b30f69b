package io.conclave.mls.group;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static io.conclave.mls.group.TestClients.credential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.CryptoException;
import io.conclave.mls.MlsException;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.FramedContentAuthData;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PrivateMessage;
import io.conclave.mls.framing.PrivateMessageProtection;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.framing.SenderData;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.commit.HandshakeFraming;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import io.conclave.mls.messages.GroupSecrets;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.messages.UpdatePathNode;
import io.conclave.mls.messages.Welcome;
import io.conclave.mls.messages.WelcomeProtection;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.schedule.PskSecret;
import io.conclave.mls.secrettree.RatchetType;
import io.conclave.mls.secrettree.SenderDataKeys;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.LeafNodeValidator;
import io.conclave.mls.tree.Lifetime;
import io.conclave.mls.tree.Node;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Hostile input fed to a receiver (issue 11, items 1, 2, 3, 5, 8): each test builds the message a
 * malicious member, external sender or GroupInfo publisher could send, and checks that the
 * receiver refuses it with the rule id, or (lifetimes, forged PrivateMessages) that honest
 * members still agree.
 */
class ReceiverValidationTest {
  private static final byte[] UNKNOWN_TYPE_DATA = {1, 2, 3};
  /** Low-order X25519 points (RFC 7748 §6, libsodium's blocklist), each also with the top bit set. */
  private static final List<String> X25519_LOW_ORDER = List.of(
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

  private final CipherSuite suite = CipherSuites.get(1);
  private final GroupConfig config = GroupConfig.DEFAULT;
  private final SignatureKeyPair server = suite.generateSignatureKeyPair();
  private final SignatureKeyPair aliceKeys = suite.generateSignatureKeyPair();
  /** A group with one external sender (index 0, {@link #server}): its proposals reach alice as a receiver. */
  private final Group alice = Group.create(suite, "receiver".getBytes(StandardCharsets.UTF_8), credential("alice"),
      aliceKeys, List.of(new ExternalSenders(List.of(new ExternalSender(server.publicKey(), credential("relay"))))
          .toExtension()), config);

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  /** The current epoch of a group, as its member holds it (white box, for building hostile messages). */
  static EpochState state(Group group) {
    try {
      Field core = Group.class.getDeclaredField("core");
      core.setAccessible(true);
      return ((GroupCore) core.get(group)).current();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static SignatureKeyPair signer(Group group) {
    try {
      Field core = Group.class.getDeclaredField("core");
      core.setAccessible(true);
      return ((GroupCore) core.get(group)).signer();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A correctly signed KeyPackage with the given keys and extensions. */
  private KeyPackage keyPackage(byte[] initKey, byte[] encryptionKey, List<Extension> leafExtensions,
      List<Extension> keyPackageExtensions) {
    SignatureKeyPair signer = suite.generateSignatureKeyPair();
    Capabilities defaults = KeyPackageBundle.defaultCapabilities(suite);
    List<Integer> extensionTypes = leafExtensions.stream().map(Extension::type).distinct().toList();
    Capabilities caps = new Capabilities(defaults.versions(), defaults.cipherSuites(), extensionTypes,
        defaults.proposals(), defaults.credentials());
    LeafNode unsigned = new LeafNode(encryptionKey, signer.publicKey(), credential("mallory"), caps,
        new LeafNodeSource.FromKeyPackage(new Lifetime(0, -1L)), leafExtensions, new byte[0]);
    LeafNode leaf = new LeafNode(encryptionKey, signer.publicKey(), unsigned.credential(), caps, unsigned.source(),
        leafExtensions, suite.signWithLabel(signer.privateKey(), "LeafNodeTBS", unsigned.toBeSigned()));
    KeyPackage tbs = new KeyPackage(ProtocolVersion.MLS10, suite.id(), initKey, leaf, keyPackageExtensions,
        new byte[0]);
    return new KeyPackage(tbs.version(), tbs.cipherSuite(), tbs.initKey(), leaf, keyPackageExtensions,
        suite.signWithLabel(signer.privateKey(), "KeyPackageTBS", tbs.toBeSigned()));
  }

  private byte[] freshKey() {
    return suite.generateHpkeKeyPair().publicKey();
  }

  private MlsMessage externalAdd(KeyPackage kp) {
    return ExternalProposals.add(suite, alice.groupId(), alice.epoch(), 0, server.privateKey(), kp);
  }

  // ---- #2 HPKE public keys ----

  @Test
  void everyBuiltInSuiteRejectsMalformedAndLowOrderKeys() {
    for (String point : X25519_LOW_ORDER) {
      byte[] low = hex(point);
      byte[] high = low.clone();
      high[31] |= (byte) 0x80;
      for (int id : List.of(1, 3)) {
        assertThat(CipherSuites.get(id).isValidHpkePublicKey(low)).as("suite %d, %s", id, point).isFalse();
        assertThat(CipherSuites.get(id).isValidHpkePublicKey(high)).as("suite %d, %s | 0x80", id, point).isFalse();
      }
    }
    for (int id = 1; id <= 7; id++) {
      CipherSuite s = CipherSuites.get(id);
      byte[] good = s.generateHpkeKeyPair().publicKey();
      assertThat(s.isValidHpkePublicKey(good)).as("suite %d fresh key", id).isTrue();
      assertThat(s.isValidHpkePublicKey(new byte[good.length])).as("suite %d all-zero key", id).isFalse();
      assertThat(s.isValidHpkePublicKey(new byte[good.length - 1])).as("suite %d short key", id).isFalse();
      assertThat(s.isValidHpkePublicKey(new byte[0])).as("suite %d empty key", id).isFalse();
      if (good[0] == 0x04 && good.length % 2 == 1) {
        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertThat(s.isValidHpkePublicKey(offCurve)).as("suite %d point off the curve", id).isFalse();
      }
      // X448 low-order points 0, 1 and p - 1.
      if (good.length == 56) {
        byte[] one = new byte[56];
        one[0] = 1;
        byte[] pMinusOne = new byte[56];
        java.util.Arrays.fill(pMinusOne, (byte) 0xff);
        pMinusOne[0] = (byte) 0xfe;
        pMinusOne[28] = (byte) 0xfe;
        assertThat(s.isValidHpkePublicKey(one)).as("suite %d u = 1", id).isFalse();
        assertThat(s.isValidHpkePublicKey(pMinusOne)).as("suite %d u = p - 1", id).isFalse();
      }
    }
  }

  @Test
  void encryptingToALowOrderKeyIsACryptoExceptionNotAnIllegalState() {
    assertThatThrownBy(() -> suite.hpkeSeal(new byte[32], new byte[0], new byte[0], new byte[1]))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> suite.hpkeExportSender(hex(X25519_LOW_ORDER.get(2)), new byte[0], new byte[0], 32))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void addWithAllZeroInitKeyIsRefusedByTheReceiver() {
    KeyPackage kp = keyPackage(new byte[32], freshKey(), List.of(), List.of());
    assertRule(() -> alice.process(externalAdd(kp)), Rule.KEY_PACKAGE_INIT_KEY_INVALID);
  }

  @Test
  void addWithLowOrderLeafKeyIsRefusedByTheReceiver() {
    KeyPackage kp = keyPackage(freshKey(), hex(X25519_LOW_ORDER.get(3)), List.of(), List.of());
    assertRule(() -> alice.process(externalAdd(kp)), Rule.HPKE_PUBLIC_KEY);
  }

  @Test
  void addWithOffCurveInitKeyIsRefusedOnP256() {
    CipherSuite p256 = CipherSuites.get(2);
    SignatureKeyPair relay = p256.generateSignatureKeyPair();
    Group group = Group.create(p256, "p256".getBytes(StandardCharsets.UTF_8), credential("alice"),
        p256.generateSignatureKeyPair(), List.of(new ExternalSenders(List.of(
            new ExternalSender(relay.publicKey(), credential("relay")))).toExtension()), config);
    KeyPackageBundle honest = TestClients.keyPackage(p256, "bob", config);
    byte[] offCurve = honest.keyPackage().initKey();
    offCurve[offCurve.length - 1] ^= 1;
    KeyPackage kp = honest.keyPackage();
    KeyPackage tbs = new KeyPackage(kp.version(), kp.cipherSuite(), offCurve, kp.leafNode(), kp.extensions(),
        new byte[0]);
    KeyPackage resigned = new KeyPackage(kp.version(), kp.cipherSuite(), offCurve, kp.leafNode(), kp.extensions(),
        p256.signWithLabel(honest.signatureKeyPair().privateKey(), "KeyPackageTBS", tbs.toBeSigned()));
    MlsMessage add = ExternalProposals.add(p256, group.groupId(), group.epoch(), 0, relay.privateKey(), resigned);
    assertRule(() -> group.process(add), Rule.KEY_PACKAGE_INIT_KEY_INVALID);
  }

  /** Bob, a member, sends a commit whose UpdatePath gives the root an all-zero key. */
  @Test
  void commitPathWithAllZeroNodeKeyIsRefusedByTheReceiver() {
    Group bob = TestClients.addNew(alice, "bob", config);
    EpochState bobState = state(bob);
    SignatureKeyPair bobKeys = signer(bob);
    LeafNode old = bobState.ownLeafNode();
    LeafNode unsigned = new LeafNode(freshKey(), old.signatureKey(), old.credential(), old.capabilities(),
        new LeafNodeSource.FromCommit(new byte[suite.hashLength()]), old.extensions(), new byte[0]);
    LeafNode leaf = new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), unsigned.credential(),
        unsigned.capabilities(), unsigned.source(), unsigned.extensions(), suite.signWithLabel(bobKeys.privateKey(),
            "LeafNodeTBS", unsigned.toBeSigned(bob.groupId(), 1)));
    UpdatePath path = new UpdatePath(leaf, List.of(new UpdatePathNode(new byte[32], List.of())));
    MlsMessage commit = hostileCommit(bob, new Commit(List.of(), Optional.of(path)));
    assertRule(() -> alice.process(commit), Rule.HPKE_PUBLIC_KEY);
  }

  // ---- §13.4: leaves entering the tree support every GroupContext extension ----

  private static final int PRIVATE_EXTENSION = 0xff0a;

  /** A group whose context carries the private extension, and bob, a member that supports it. */
  private Group[] groupWithPrivateExtension() {
    Group owner = Group.create(suite, "private-ext".getBytes(StandardCharsets.UTF_8), credential("owner"),
        suite.generateSignatureKeyPair(), List.of(new Extension(PRIVATE_EXTENSION, new byte[] {1})), config);
    Capabilities defaults = KeyPackageBundle.defaultCapabilities(suite);
    Capabilities supporting = new Capabilities(defaults.versions(), defaults.cipherSuites(), List.of(PRIVATE_EXTENSION),
        defaults.proposals(), defaults.credentials());
    long now = config.clock().instant().getEpochSecond();
    KeyPackageBundle bobKp = KeyPackageBundle.create(suite, credential("bob"), suite.generateSignatureKeyPair(),
        new Lifetime(now - 3600, now + 86_400), supporting, List.of(), List.of());
    CommitOutput out = owner.commit(CommitOptions.builder().add(bobKp.keyPackage()).build());
    owner.mergePendingCommit();
    return new Group[] {owner, Group.joinFromWelcome(out.welcome().orElseThrow(), bobKp, Optional.empty(), config)};
  }

  /**
   * Bob commits an Add of a client whose capabilities omit the group's private extension: the
   * joiner would refuse the Welcome and leave a ghost leaf, so the receiver refuses the commit. An
   * honest committer cannot even create it.
   */
  @Test
  void commitAddingALeafWithoutTheGroupsExtensionIsRefused() {
    Group[] g = groupWithPrivateExtension();
    Group owner = g[0];
    Group bob = g[1];
    KeyPackage unsupporting = TestClients.keyPackage(suite, "dave", config).keyPackage();
    assertThat(unsupporting.leafNode().capabilities().extensions()).doesNotContain(PRIVATE_EXTENSION);
    MlsMessage commit = hostileCommit(bob, new Commit(List.of(new ProposalOrRef.Inline(new Add(unsupporting))),
        Optional.empty()));
    assertRule(() -> owner.process(commit), Rule.LEAF_GROUP_EXTENSIONS);
    assertRule(() -> bob.commit(CommitOptions.builder().add(unsupporting).build()), Rule.LEAF_GROUP_EXTENSIONS);
    assertThat(owner.roster()).hasSize(2);
  }

  /** Bob commits with an UpdatePath whose new leaf no longer lists the group's private extension. */
  @Test
  void commitPathLeafWithoutTheGroupsExtensionIsRefused() {
    Group[] g = groupWithPrivateExtension();
    Group owner = g[0];
    Group bob = g[1];
    EpochState bobState = state(bob);
    SignatureKeyPair bobKeys = signer(bob);
    LeafNode old = bobState.ownLeafNode();
    Capabilities c = old.capabilities();
    Capabilities dropped = new Capabilities(c.versions(), c.cipherSuites(), List.of(), c.proposals(), c.credentials());
    LeafNode unsigned = new LeafNode(freshKey(), old.signatureKey(), old.credential(), dropped,
        new LeafNodeSource.FromCommit(new byte[suite.hashLength()]), old.extensions(), new byte[0]);
    LeafNode leaf = new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), unsigned.credential(),
        unsigned.capabilities(), unsigned.source(), unsigned.extensions(), suite.signWithLabel(bobKeys.privateKey(),
            "LeafNodeTBS", unsigned.toBeSigned(bob.groupId(), bob.ownLeafIndex().value())));
    UpdatePath path = new UpdatePath(leaf, List.of(new UpdatePathNode(freshKey(), List.of())));
    MlsMessage commit = hostileCommit(bob, new Commit(List.of(), Optional.of(path)));
    assertRule(() -> owner.process(commit), Rule.LEAF_GROUP_EXTENSIONS);
  }

  /** A commit of {@code member}'s, signed and framed, with a confirmation tag that is never reached. */
  private MlsMessage hostileCommit(Group member, Commit commit) {
    EpochState s = state(member);
    FramedContent content = new FramedContent(s.groupId(), s.epoch(), new Sender.Member(s.ownLeaf().value()),
        new byte[0], new Content.CommitContent(commit));
    AuthenticatedContent signed = ContentAuthentication.sign(suite, signer(member).privateKey(),
        WireFormat.PUBLIC_MESSAGE, content, s.context(), Optional.of(new byte[0]));
    AuthenticatedContent tagged = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content,
        new FramedContentAuthData(signed.auth().signature(), Optional.of(new byte[suite.hashLength()])));
    return HandshakeFraming.protect(s, tagged, 0, new SecureRandom());
  }

  /** A GroupInfo publisher hands an external joiner a tree in which a leaf's key is all-zero. */
  @Test
  void treeWithAllZeroLeafKeyIsRefusedByAJoiner() {
    CommitOutput add = alice.commit(CommitOptions.builder()
        .add(TestClients.keyPackage(suite, "bob", config).keyPackage()).build());
    alice.mergePendingCommit();
    List<Optional<Node>> nodes = new ArrayList<>(alice.ratchetTree().nodes());
    LeafNode bob = ((Node.Leaf) nodes.get(2).orElseThrow()).leafNode();
    nodes.set(2, Optional.of(new Node.Leaf(new LeafNode(new byte[32], bob.signatureKey(), bob.credential(),
        bob.capabilities(), bob.source(), bob.extensions(), bob.signature()))));
    RatchetTree tampered = new RatchetTree(nodes);
    MlsMessage info = resignedGroupInfo(tampered, List.of());
    assertThat(add.welcome()).isPresent();
    assertRule(() -> Group.joinExternally(info, credential("dave"), suite.generateSignatureKeyPair(), config),
        Rule.HPKE_PUBLIC_KEY);
  }

  /** Alice's GroupInfo with {@code tree} (tree hash recomputed) and extra GroupInfo extensions, re-signed. */
  private MlsMessage resignedGroupInfo(RatchetTree tree, List<Extension> extra) {
    GroupInfo info = ((MlsMessage.GroupInfoBody) alice.groupInfo(true).body()).groupInfo();
    GroupContext c = info.groupContext();
    byte[] treeHash = TreeState.fromRatchetTree(suite, tree).treeHash();
    GroupContext context = new GroupContext(c.version(), c.cipherSuite(), c.groupId(), c.epoch(), treeHash,
        c.confirmedTranscriptHash(), c.extensions());
    List<Extension> extensions = new ArrayList<>();
    for (Extension e : info.extensions()) {
      extensions.add(e.type() == RatchetTree.EXTENSION_TYPE ? tree.toExtension() : e);
    }
    extensions.addAll(extra);
    GroupInfo resigned = GroupInfoSignature.sign(suite, aliceKeys.privateKey(),
        new GroupInfo(context, extensions, info.confirmationTag(), info.signer(), new byte[0]));
    return new MlsMessage(new MlsMessage.GroupInfoBody(resigned));
  }

  // ---- #3 duplicate extensions, external_senders ----

  @Test
  void keyPackageWithDuplicateExtensionTypeIsRefused() {
    KeyPackage kp = keyPackage(freshKey(), freshKey(), List.of(),
        List.of(new Extension(0xff01, UNKNOWN_TYPE_DATA), new Extension(0xff01, new byte[0])));
    assertRule(() -> alice.process(externalAdd(kp)), Rule.KEY_PACKAGE_DUPLICATE_EXTENSION);
  }

  @Test
  void leafWithDuplicateExtensionTypeIsRefused() {
    KeyPackage kp = keyPackage(freshKey(), freshKey(),
        List.of(new Extension(0xff02, UNKNOWN_TYPE_DATA), new Extension(0xff02, new byte[0])), List.of());
    assertRule(() -> alice.process(externalAdd(kp)), Rule.LEAF_DUPLICATE_EXTENSION);
  }

  @Test
  void groupContextExtensionsProposalWithDuplicateTypeIsRefused() {
    MlsMessage gce = ExternalProposals.propose(suite, alice.groupId(), alice.epoch(), 0, server.privateKey(),
        new GroupContextExtensions(List.of(alice.groupContextExtensions().get(0), new Extension(0xff03, new byte[0]),
            new Extension(0xff03, UNKNOWN_TYPE_DATA))));
    assertRule(() -> alice.process(gce), Rule.GROUP_DUPLICATE_EXTENSION);
  }

  @Test
  void groupContextExtensionsProposalWithMalformedExternalSendersIsRefused() {
    // A list claiming 5 bytes of senders that holds garbage.
    Extension malformed = new Extension(ExternalSenders.EXTENSION_TYPE, new byte[] {5, 1, 2, 3, 4, 5});
    MlsMessage gce = ExternalProposals.propose(suite, alice.groupId(), alice.epoch(), 0, server.privateKey(),
        new GroupContextExtensions(List.of(malformed)));
    assertRule(() -> alice.process(gce), Rule.EXTERNAL_SENDERS);
    Extension trailing = new Extension(ExternalSenders.EXTENSION_TYPE, concat(
        new ExternalSenders(List.of(new ExternalSender(server.publicKey(), credential("relay")))).toBytes(),
        new byte[] {0}));
    MlsMessage gce2 = ExternalProposals.propose(suite, alice.groupId(), alice.epoch(), 0, server.privateKey(),
        new GroupContextExtensions(List.of(trailing)));
    assertRule(() -> alice.process(gce2), Rule.EXTERNAL_SENDERS);
    Extension emptyKey = new ExternalSenders(List.of(new ExternalSender(new byte[0], credential("relay"))))
        .toExtension();
    MlsMessage gce3 = ExternalProposals.propose(suite, alice.groupId(), alice.epoch(), 0, server.privateKey(),
        new GroupContextExtensions(List.of(emptyKey)));
    assertRule(() -> alice.process(gce3), Rule.EXTERNAL_SENDERS);
  }

  @Test
  void groupInfoWithDuplicateExtensionTypeIsRefusedByAJoiner() {
    MlsMessage info = resignedGroupInfo(alice.ratchetTree(),
        List.of(new Extension(0xff04, new byte[0]), new Extension(0xff04, UNKNOWN_TYPE_DATA)));
    assertRule(() -> Group.joinExternally(info, credential("dave"), suite.generateSignatureKeyPair(), config),
        Rule.GROUP_DUPLICATE_EXTENSION);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ---- #9 capabilities ----

  @Test
  void capabilitiesListingADefaultTypeAreRefused() {
    SignatureKeyPair signer = suite.generateSignatureKeyPair();
    Capabilities defaults = KeyPackageBundle.defaultCapabilities(suite);
    Capabilities listsAdd = new Capabilities(defaults.versions(), defaults.cipherSuites(), List.of(),
        List.of(1), defaults.credentials());
    KeyPackageBundle bundle = KeyPackageBundle.create(suite, credential("mallory"), signer, new Lifetime(0, -1L),
        listsAdd, List.of(), List.of());
    assertRule(() -> alice.process(externalAdd(bundle.keyPackage())), Rule.DEFAULT_CAPABILITY);
  }

  @Test
  void keyPackageExtensionNotInCapabilitiesIsRefused() {
    KeyPackage kp = keyPackage(freshKey(), freshKey(), List.of(), List.of(new Extension(0xff06, new byte[0])));
    assertRule(() -> alice.process(externalAdd(kp)), Rule.KEY_PACKAGE_EXTENSION_CAPABILITIES);
  }

  // ---- #1 lifetimes ----

  /**
   * Bob's KeyPackage expires 30 s after alice commits it; carol's clock runs 60 s ahead of alice's.
   * Alice (the committer) checked the lifetime; carol, receiving, must merge the commit anyway.
   */
  @Test
  void receiverWhoseClockIsAheadStillProcessesTheCommit() {
    TestClients.MutableClock aliceClock = new TestClients.MutableClock();
    TestClients.MutableClock carolClock = new TestClients.MutableClock();
    carolClock.advance(Duration.ofSeconds(60));
    GroupConfig aliceConfig = GroupConfig.builder().clock(aliceClock).build();
    GroupConfig carolConfig = GroupConfig.builder().clock(carolClock).build();
    Group owner = TestClients.create(suite, "alice", aliceConfig);
    Group carol = TestClients.addNew(owner, "carol", carolConfig);
    KeyPackageBundle bob = KeyPackageBundle.create(suite, credential("bob"), suite.generateSignatureKeyPair(),
        aliceClock, Duration.ofSeconds(30));
    // The committer checks its own use against its clock: at +31 s it refuses, at 0 s it commits.
    aliceClock.advance(Duration.ofSeconds(31));
    assertRule(() -> owner.commit(CommitOptions.builder().add(bob.keyPackage()).build()), Rule.LIFETIME);
    aliceClock.advance(Duration.ofSeconds(-31));
    CommitOutput out = owner.commit(CommitOptions.builder().add(bob.keyPackage()).build());
    owner.mergePendingCommit();
    carol.process(out.commit());
    assertThat(carol.epoch()).isEqualTo(owner.epoch());
    assertThat(carol.epochAuthenticator()).isEqualTo(owner.epochAuthenticator());
    // A member processing the commit much later (catching up) agrees as well.
    carolClock.advance(Duration.ofDays(10));
    Group dave = Group.joinFromWelcome(out.welcome().orElseThrow(), bob, Optional.empty(), carolConfig);
    assertThat(dave.epochAuthenticator()).isEqualTo(owner.epochAuthenticator());
  }

  /** A received Add proposal for an expired KeyPackage is stored; only committing it is refused. */
  @Test
  void receivedProposalIsNotCheckedAgainstTheClockButCommittingItIs() {
    TestClients.MutableClock clock = new TestClients.MutableClock();
    GroupConfig timed = GroupConfig.builder().clock(clock).proposalPolicy(ProposalPolicy.ACCEPT_ALL).build();
    Group owner = Group.create(suite, "timed".getBytes(StandardCharsets.UTF_8), credential("alice"),
        suite.generateSignatureKeyPair(), List.of(new ExternalSenders(List.of(new ExternalSender(server.publicKey(),
            credential("relay")))).toExtension()), timed);
    KeyPackageBundle bob = KeyPackageBundle.create(suite, credential("bob"), suite.generateSignatureKeyPair(),
        clock, Duration.ofSeconds(30));
    clock.advance(Duration.ofMinutes(5));
    owner.process(ExternalProposals.add(suite, owner.groupId(), owner.epoch(), 0, server.privateKey(),
        bob.keyPackage()));
    assertRule(owner::commit, Rule.LIFETIME);
  }

  @Test
  void ownLifetimesAreBounded() {
    assertThatThrownBy(() -> KeyPackageBundle.create(suite, credential("bob"), suite.generateSignatureKeyPair(),
        config.clock(), LeafNodeValidator.MAX_TOTAL_LIFETIME)).isInstanceOf(IllegalArgumentException.class);
    Lifetime own = ((LeafNodeSource.FromKeyPackage) state(alice).ownLeafNode().source()).lifetime();
    long total = own.notAfter() - own.notBefore();
    assertThat(total).isPositive().isLessThanOrEqualTo(LeafNodeValidator.MAX_TOTAL_LIFETIME.toSeconds());
  }

  // ---- #8 forged PrivateMessages ----

  /**
   * Carol, a member, forges two PrivateMessages claiming to be bob's generation 1000: one whose
   * content does not decrypt, one that decrypts (carol knows the epoch's secret tree) but is signed
   * by her. Neither may move alice's ratchet for bob: his real generations 0..39 (more than the 32
   * kept keys) all decrypt afterwards, in order and out of order.
   */
  @Test
  void forgedPrivateMessageBurnsNoGenerationOfTheVictim() {
    Group bob = TestClients.addNew(alice, "bob", config);
    Group carol = TestClients.addNew(alice, "carol", config, bob);
    EpochState carolState = state(carol);
    GroupContext context = carolState.context();

    byte[] garbage = new byte[80];
    new SecureRandom().nextBytes(garbage);
    MlsMessage undecryptable = forgedSenderData(carolState, 1, 1000, garbage);
    assertThatThrownBy(() -> alice.process(undecryptable)).isInstanceOf(CryptoException.class);

    // Carol derives bob's ratchet in her copy of the secret tree up to generation 1000.
    carolState.secretTree().ratchet(new LeafIndex(1), RatchetType.APPLICATION).keyFor(999).destroy();
    FramedContent content = new FramedContent(context.groupId(), context.epoch(), new Sender.Member(1),
        new byte[0], new Content.ApplicationData("forged".getBytes(StandardCharsets.UTF_8)));
    AuthenticatedContent signedByCarol = ContentAuthentication.sign(suite, signer(carol).privateKey(),
        WireFormat.PRIVATE_MESSAGE, content, context, Optional.empty());
    PrivateMessage badSignature = PrivateMessageProtection.protect(suite, signedByCarol, carolState.secretTree(),
        carolState.secrets().senderDataSecret(), 0, new SecureRandom());
    assertThatThrownBy(() -> alice.process(new MlsMessage(new MlsMessage.Private(badSignature))))
        .isInstanceOf(CryptoException.class).hasMessageContaining("signature");

    List<MlsMessage> real = new ArrayList<>();
    for (int g = 0; g < 40; g++) {
      real.add(bob.encryptApplication(("m" + g).getBytes(StandardCharsets.UTF_8)));
    }
    // 39 first, then the rest in order: every one decrypts.
    assertThat(((ProcessResult.ApplicationMessage) alice.process(real.get(39))).data())
        .isEqualTo("m39".getBytes(StandardCharsets.UTF_8));
    for (int g = 0; g < 39; g++) {
      if (g < 39 - 32) {
        continue; // older than the window of 32 kept keys: gone by design, as without any forgery
      }
      assertThat(((ProcessResult.ApplicationMessage) alice.process(real.get(g))).data())
          .as("generation %d", g).isEqualTo(("m" + g).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The forgeries first, then bob's generations 0..N strictly in order: all decrypt. */
  @Test
  void forgedGeneration1000ThenRealGenerationsInOrder() {
    Group bob = TestClients.addNew(alice, "bob", config);
    Group carol = TestClients.addNew(alice, "carol", config, bob);
    byte[] garbage = new byte[64];
    for (int i = 0; i < 5; i++) {
      new SecureRandom().nextBytes(garbage);
      MlsMessage forged = forgedSenderData(state(carol), 1, 1000 - i, garbage);
      assertThatThrownBy(() -> alice.process(forged)).isInstanceOf(MlsException.class);
    }
    for (int g = 0; g < 50; g++) {
      byte[] data = ("m" + g).getBytes(StandardCharsets.UTF_8);
      assertThat(((ProcessResult.ApplicationMessage) alice.process(bob.encryptApplication(data))).data())
          .as("generation %d", g).isEqualTo(data);
    }
  }

  /** A PrivateMessage with valid sender data (leaf, generation) and {@code ciphertext} as its content. */
  private MlsMessage forgedSenderData(EpochState s, long leaf, long generation, byte[] ciphertext) {
    SecretBytes senderDataSecret = s.secrets().senderDataSecret();
    byte[] senderData = new SenderData(leaf, generation, new byte[4]).toBytes();
    SecretBytes key = SenderDataKeys.key(suite, senderDataSecret, ciphertext);
    SecretBytes nonce = SenderDataKeys.nonce(suite, senderDataSecret, ciphertext);
    TlsWriter aad = new TlsWriter(64);
    aad.writeOpaque(s.groupId()).writeUint64(s.epoch());
    ContentType.APPLICATION.encode(aad);
    byte[] encrypted = suite.seal(key.unsafeView(), nonce.unsafeView(), aad.toByteArray(), senderData);
    return new MlsMessage(new MlsMessage.Private(new PrivateMessage(s.groupId(), s.epoch(), ContentType.APPLICATION,
        new byte[0], encrypted, ciphertext)));
  }

  // ---- #5 joiner and welcome secrets ----

  @Test
  void joinerAndWelcomeSecretsAreDestroyedAndNeverSaved() {
    Group bob = TestClients.addNew(alice, "bob", config);
    KeyPackageBundle carolKeys = TestClients.keyPackage(suite, "carol", config);
    CommitOutput out = alice.commit(CommitOptions.builder().add(carolKeys.keyPackage()).build());
    // Read the joiner secret the way carol does, from her entry of the Welcome.
    Welcome welcome = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).welcome();
    GroupSecrets secrets = WelcomeProtection.decryptGroupSecrets(suite, carolKeys.initKeyPair().privateKey(),
        WelcomeProtection.find(welcome, carolKeys.ref()).orElseThrow(), welcome.encryptedGroupInfo());
    byte[] joiner = secrets.joinerSecret().copy();
    byte[] welcomeSecret = KeySchedule.welcomeSecret(suite, secrets.joinerSecret(), PskSecret.none(suite)).copy();

    // The committer, mid-epoch with its commit pending, and after merging.
    assertThat(state(alice).secrets().joinerSecret().isDestroyed()).isTrue();
    alice.mergePendingCommit();
    bob.process(out.commit());
    Group carol = Group.joinFromWelcome(out.welcome().orElseThrow(), carolKeys, Optional.empty(), config);
    for (Group member : List.of(alice, bob, carol)) {
      EpochState s = state(member);
      assertThat(s.secrets().joinerSecret().isDestroyed()).as("%s joiner_secret", member).isTrue();
      assertThat(s.secrets().welcomeSecret().isDestroyed()).as("%s welcome_secret", member).isTrue();
      byte[] saved = member.toBytes();
      assertThat(indexOf(saved, joiner)).as("joiner_secret in the saved state").isEqualTo(-1);
      assertThat(indexOf(saved, welcomeSecret)).as("welcome_secret in the saved state").isEqualTo(-1);
      // The saved state still restores a working member.
      Group restored = Group.fromBytes(saved, config);
      assertThat(restored.epochAuthenticator()).isEqualTo(member.epochAuthenticator());
    }
    // Carol's decrypted copy is the caller's to destroy; the join destroyed its own.
    secrets.joinerSecret().destroy();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
