package io.conclave.mls.group;

import static io.conclave.mls.group.TestClients.credential;
import static io.conclave.mls.testing.RuleAssertions.assertRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.Rule;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalPub;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.FramedContentAuthData;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.commit.HandshakeFraming;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.ExternalInit;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import io.conclave.mls.messages.GroupSecrets;
import io.conclave.mls.messages.PreSharedKey;
import io.conclave.mls.messages.PreSharedKeyId;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.mls.messages.ReInit;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.ResumptionPskUsage;
import io.conclave.mls.messages.Update;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.messages.Welcome;
import io.conclave.mls.messages.WelcomeProtection;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.schedule.PskSecret;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.Lifetime;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.treemath.LeafIndex;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, "every rule has a negative test": for each rule that no other test asserted, a
 * hostile message (a commit, proposal, Welcome, GroupInfo or KeyPackage that a malicious member,
 * external sender, committer or GroupInfo publisher could send) fed to a receiver, which must
 * refuse it with exactly that {@link Rule}. Rules of local state are asserted by local misuse and
 * say so. Alice is the receiver unless a test says otherwise; bob and carol are members, the
 * relay ({@link #server}) is external sender 0.
 */
class HostileReceiverTest {
  private final CipherSuite suite = CipherSuites.get(1);
  private final SecureRandom random = new SecureRandom();
  private final GroupConfig config = GroupConfig.builder()
      .allowExternalCommits(true)
      .proposalPolicy(ProposalPolicy.ACCEPT_ALL)
      .build();
  private final SignatureKeyPair server = suite.generateSignatureKeyPair();
  private final SignatureKeyPair aliceKeys = suite.generateSignatureKeyPair();
  private final Group alice = Group.create(suite, "hostile".getBytes(StandardCharsets.UTF_8), credential("alice"),
      aliceKeys, List.of(new ExternalSenders(List.of(new ExternalSender(server.publicKey(), credential("relay"))))
          .toExtension()), config);
  private final Group bob = TestClients.addNew(alice, "bob", config);
  private final Group carol = TestClients.addNew(alice, "carol", config, bob);

  // ---- white-box helpers: what a malicious member holds ----

  private static GroupCore core(Group group) {
    try {
      Field core = Group.class.getDeclaredField("core");
      core.setAccessible(true);
      return (GroupCore) core.get(group);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static EpochState state(Group group) {
    return core(group).current();
  }

  private byte[] nonce() {
    byte[] n = new byte[suite.hashLength()];
    random.nextBytes(n);
    return n;
  }

  /** A commit by {@code member}, signed, membership-tagged, with a confirmation tag never reached. */
  private MlsMessage hostileCommit(Group member, Commit commit) {
    EpochState s = state(member);
    FramedContent content = new FramedContent(s.groupId(), s.epoch(), new Sender.Member(s.ownLeaf().value()),
        new byte[0], new Content.CommitContent(commit));
    AuthenticatedContent signed = ContentAuthentication.sign(suite, core(member).signer().privateKey(),
        WireFormat.PUBLIC_MESSAGE, content, s.context(), Optional.of(new byte[0]));
    AuthenticatedContent tagged = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content,
        new FramedContentAuthData(signed.auth().signature(), Optional.of(new byte[suite.hashLength()])));
    return HandshakeFraming.protect(s, tagged, 0, random);
  }

  private MlsMessage hostileCommit(Group member, Proposal... inline) {
    List<ProposalOrRef> list = new ArrayList<>();
    for (Proposal p : inline) {
      list.add(new ProposalOrRef.Inline(p));
    }
    return hostileCommit(member, new Commit(list, Optional.empty()));
  }

  /** An external proposal of the relay, signed with its key, framed as it would frame it. */
  private MlsMessage external(Proposal proposal) {
    return external(alice.groupId(), proposal);
  }

  private MlsMessage external(byte[] groupId, Proposal proposal) {
    FramedContent content = new FramedContent(groupId, alice.epoch(), new Sender.External(0), new byte[0],
        new Content.ProposalContent(proposal));
    AuthenticatedContent signed = ContentAuthentication.sign(suite, server.privateKey(), WireFormat.PUBLIC_MESSAGE,
        content, null, Optional.empty());
    return new MlsMessage(new MlsMessage.Public(new PublicMessage(content, signed.auth(), Optional.empty())));
  }

  /**
   * An external commit from a joiner with {@code joinerKeys}: the UpdatePath carries a leaf with the
   * joiner's signature key (so the framing verifies), the proposals are whatever the test needs.
   */
  private MlsMessage hostileExternalCommit(List<ProposalOrRef> proposals) {
    SignatureKeyPair joinerKeys = suite.generateSignatureKeyPair();
    EpochState s = state(alice);
    Capabilities caps = KeyPackageBundle.defaultCapabilities(suite);
    LeafNode unsigned = new LeafNode(suite.generateHpkeKeyPair().publicKey(), joinerKeys.publicKey(),
        credential("eve"), caps, new LeafNodeSource.FromCommit(new byte[suite.hashLength()]), List.of(),
        new byte[0]);
    LeafNode leaf = new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), unsigned.credential(), caps,
        unsigned.source(), List.of(), suite.signWithLabel(joinerKeys.privateKey(), "LeafNodeTBS",
            unsigned.toBeSigned(s.groupId(), 3)));
    Commit commit = new Commit(proposals, Optional.of(new UpdatePath(leaf, List.of())));
    FramedContent content = new FramedContent(s.groupId(), s.epoch(), new Sender.NewMemberCommit(), new byte[0],
        new Content.CommitContent(commit));
    AuthenticatedContent signed = ContentAuthentication.sign(suite, joinerKeys.privateKey(),
        WireFormat.PUBLIC_MESSAGE, content, s.context(), Optional.of(new byte[suite.hashLength()]));
    return new MlsMessage(new MlsMessage.Public(new PublicMessage(content,
        new FramedContentAuthData(signed.auth().signature(), Optional.of(new byte[suite.hashLength()])),
        Optional.empty())));
  }

  private ProposalOrRef.Inline externalInit() {
    return new ProposalOrRef.Inline(new ExternalInit(suite.generateHpkeKeyPair().publicKey()));
  }

  /** A KeyPackage correctly signed by its own key, with the given suite field, init key and capabilities. */
  private KeyPackage keyPackage(int cipherSuite, Optional<byte[]> initKey, Capabilities caps) {
    SignatureKeyPair signer = suite.generateSignatureKeyPair();
    byte[] encryptionKey = suite.generateHpkeKeyPair().publicKey();
    LeafNode unsigned = new LeafNode(encryptionKey, signer.publicKey(), credential("mallory"), caps,
        new LeafNodeSource.FromKeyPackage(new Lifetime(0, -1L)), List.of(), new byte[0]);
    LeafNode leaf = new LeafNode(encryptionKey, signer.publicKey(), unsigned.credential(), caps, unsigned.source(),
        List.of(), suite.signWithLabel(signer.privateKey(), "LeafNodeTBS", unsigned.toBeSigned()));
    KeyPackage tbs = new KeyPackage(ProtocolVersion.MLS10, cipherSuite, initKey.orElse(encryptionKey), leaf,
        List.of(), new byte[0]);
    return new KeyPackage(tbs.version(), tbs.cipherSuite(), tbs.initKey(), leaf, List.of(),
        suite.signWithLabel(signer.privateKey(), "KeyPackageTBS", tbs.toBeSigned()));
  }

  private static GroupInfo groupInfo(MlsMessage m) {
    return ((MlsMessage.GroupInfoBody) m.body()).groupInfo();
  }

  /** Alice's GroupInfo with another context, extensions and signer index, re-signed by alice. */
  private MlsMessage resigned(GroupContext context, List<Extension> extensions, long signer) {
    GroupInfo info = groupInfo(alice.groupInfo(true));
    return new MlsMessage(new MlsMessage.GroupInfoBody(GroupInfoSignature.sign(suite, aliceKeys.privateKey(),
        new GroupInfo(context, extensions, info.confirmationTag(), signer, new byte[0]))));
  }

  /**
   * A Welcome a malicious committer builds for {@code joiner}: its group secrets (with
   * {@code psks}) encrypted to the joiner's init key, and {@code info} encrypted under the welcome
   * secret those secrets yield.
   */
  private MlsMessage forgedWelcome(KeyPackageBundle joiner, GroupInfo info, List<PreSharedKeyId> psks) {
    SecretBytes joinerSecret = SecretBytes.copyOf(nonce());
    GroupSecrets secrets = new GroupSecrets(joinerSecret, Optional.empty(), psks);
    byte[] encryptedInfo = WelcomeProtection.encryptGroupInfo(suite,
        KeySchedule.welcomeSecret(suite, joinerSecret, PskSecret.none(suite)), info);
    Welcome welcome = new Welcome(suite.id(), List.of(
        WelcomeProtection.encryptGroupSecrets(suite, joiner.keyPackage(), encryptedInfo, secrets)), encryptedInfo);
    return new MlsMessage(new MlsMessage.WelcomeBody(welcome));
  }

  // ---- framing (§6) ----

  /** The relay's proposal names another group. */
  @Test
  void externalProposalForAnotherGroup() {
    assertRule(() -> alice.process(external("other".getBytes(StandardCharsets.UTF_8), new Remove(1))),
        Rule.GROUP_ID);
  }

  /** An external sender may not send Update (§12.1.8). */
  @Test
  void externalSenderSendingAnUpdate() {
    LeafNode bobsLeaf = state(bob).ownLeafNode();
    assertRule(() -> alice.process(external(new Update(bobsLeaf))), Rule.SENDER_TYPE);
  }

  /** Bob sends application data as a PublicMessage (§6.2); it must be refused before anything else. */
  @Test
  void applicationDataInAPublicMessage() {
    EpochState s = state(bob);
    FramedContent content = new FramedContent(s.groupId(), s.epoch(), new Sender.Member(1), new byte[0],
        new Content.ApplicationData("hi".getBytes(StandardCharsets.UTF_8)));
    AuthenticatedContent signed = ContentAuthentication.sign(suite, core(bob).signer().privateKey(),
        WireFormat.PUBLIC_MESSAGE, content, s.context(), Optional.empty());
    MlsMessage message = new MlsMessage(new MlsMessage.Public(new PublicMessage(content, signed.auth(),
        Optional.of(new byte[suite.hashLength()]))));
    assertRule(() -> alice.process(message), Rule.APPLICATION_AS_PUBLIC_MESSAGE);
  }

  /** A joiner handed a GroupInfo where a Welcome is expected. */
  @Test
  void welcomeThatIsNotAWelcome() {
    KeyPackageBundle dave = TestClients.keyPackage(suite, "dave", config);
    assertRule(() -> Group.joinFromWelcome(alice.groupInfo(true), dave, Optional.empty(), config), Rule.WIRE_FORMAT);
  }

  // ---- single proposals (§12.1) ----

  @Test
  void removeOfALeafOutsideTheTree() {
    assertRule(() -> alice.process(external(new Remove(7))), Rule.REMOVE_BLANK);
  }

  @Test
  void pskWithAShortNonce() {
    PreSharedKey psk = new PreSharedKey(new PreSharedKeyId.External("k".getBytes(StandardCharsets.UTF_8),
        new byte[3]));
    assertRule(() -> alice.process(external(psk)), Rule.PSK_NONCE);
  }

  @Test
  void resumptionPskWithUsageReinitInARegularProposal() {
    PreSharedKey psk = new PreSharedKey(new PreSharedKeyId.Resumption(ResumptionPskUsage.REINIT, alice.groupId(),
        0, nonce()));
    assertRule(() -> alice.process(external(psk)), Rule.PSK_USAGE);
  }

  /** Bob commits a PSK alice does not have: the key schedule cannot be run (§12.4.2). */
  @Test
  void commitOfAnUnknownExternalPsk() {
    PreSharedKey psk = new PreSharedKey(new PreSharedKeyId.External("nobody-has-it".getBytes(StandardCharsets.UTF_8),
        nonce()));
    assertRule(() -> alice.process(hostileCommit(bob, psk)), Rule.PSK_UNKNOWN);
  }

  /** Bob commits a GroupContextExtensions with a non-default extension no member supports (§12.1.7). */
  @Test
  void commitOfExtensionsNoMemberSupports() {
    GroupContextExtensions gce = new GroupContextExtensions(List.of(new Extension(0xff0a, new byte[] {1})));
    assertRule(() -> alice.process(hostileCommit(bob, gce)), Rule.EXTENSIONS_UNSUPPORTED);
  }

  // ---- KeyPackages (§10.1), through the relay's Add ----

  @Test
  void keyPackageOfAnotherCipherSuite() {
    KeyPackage kp = keyPackage(2, Optional.of(suite.generateHpkeKeyPair().publicKey()),
        KeyPackageBundle.defaultCapabilities(suite));
    assertRule(() -> alice.process(external(new Add(kp))), Rule.KEY_PACKAGE_CIPHER_SUITE);
  }

  @Test
  void keyPackageWhoseInitKeyIsItsLeafKey() {
    KeyPackage kp = keyPackage(suite.id(), Optional.empty(), KeyPackageBundle.defaultCapabilities(suite));
    assertRule(() -> alice.process(external(new Add(kp))), Rule.KEY_PACKAGE_INIT_KEY);
  }

  @Test
  void keyPackageWhoseCapabilitiesOmitTheGroupSuite() {
    Capabilities defaults = KeyPackageBundle.defaultCapabilities(suite);
    Capabilities otherSuite = new Capabilities(defaults.versions(), List.of(2), defaults.extensions(),
        defaults.proposals(), defaults.credentials());
    KeyPackage kp = keyPackage(suite.id(), Optional.of(suite.generateHpkeKeyPair().publicKey()), otherSuite);
    assertRule(() -> alice.process(external(new Add(kp))), Rule.KEY_PACKAGE_CAPABILITIES);
  }

  // ---- proposal lists of a regular commit (§12.2) ----

  @Test
  void commitWithAnEmptyListAndNoPath() {
    assertRule(() -> alice.process(hostileCommit(bob, new Commit(List.of(), Optional.empty()))),
        Rule.PATH_REQUIRED);
  }

  @Test
  void commitAddingOneClientTwice() {
    KeyPackage kp = TestClients.keyPackage(suite, "dave", config).keyPackage();
    assertRule(() -> alice.process(hostileCommit(bob, new Add(kp), new Add(kp))), Rule.LIST_DUPLICATE_ADD);
  }

  @Test
  void commitWithOnePskTwice() {
    PreSharedKey psk = new PreSharedKey(new PreSharedKeyId.External("k".getBytes(StandardCharsets.UTF_8), nonce()));
    assertRule(() -> alice.process(hostileCommit(bob, psk, psk)), Rule.LIST_DUPLICATE_PSK);
  }

  @Test
  void commitWithTwoGroupContextExtensions() {
    GroupContextExtensions gce = new GroupContextExtensions(alice.groupContextExtensions());
    assertRule(() -> alice.process(hostileCommit(bob, gce, gce)), Rule.LIST_MULTIPLE_GCE);
  }

  @Test
  void commitRemovingOneLeafTwice() {
    assertRule(() -> alice.process(hostileCommit(bob, new Remove(2), new Remove(2))), Rule.LIST_SAME_LEAF);
  }

  /** A committer's Update by value is its own Update (§12.2: it must use the path instead). */
  @Test
  void commitWithTheCommittersOwnUpdate() {
    LeafNode leaf = state(bob).ownLeafNode();
    assertRule(() -> alice.process(hostileCommit(bob, new Update(leaf))), Rule.LIST_UPDATE_BY_COMMITTER);
  }

  @Test
  void regularCommitWithAnExternalInit() {
    assertRule(() -> alice.process(hostileCommit(bob, new ExternalInit(suite.generateHpkeKeyPair().publicKey()))),
        Rule.LIST_EXTERNAL_INIT);
  }

  @Test
  void commitWithAReInitAndAnotherProposal() {
    ReInit reInit = new ReInit(alice.groupId(), ProtocolVersion.MLS10, suite.id(), List.of());
    assertRule(() -> alice.process(hostileCommit(bob, reInit, new Remove(2))), Rule.LIST_REINIT_NOT_ALONE);
  }

  /** Receiver side of a rule other tests assert on the committer's side. */
  @Test
  void commitRemovingItsCommitter() {
    assertRule(() -> alice.process(hostileCommit(bob, new Remove(1))), Rule.LIST_REMOVE_COMMITTER);
  }

  /** Bob commits an Add of a KeyPackage with alice's signature key: she is a member already. */
  @Test
  void commitAddingAnExistingMember() {
    Capabilities caps = KeyPackageBundle.defaultCapabilities(suite);
    byte[] encryptionKey = suite.generateHpkeKeyPair().publicKey();
    LeafNode unsigned = new LeafNode(encryptionKey, aliceKeys.publicKey(), credential("alice"), caps,
        new LeafNodeSource.FromKeyPackage(new Lifetime(0, -1L)), List.of(), new byte[0]);
    LeafNode leaf = new LeafNode(encryptionKey, aliceKeys.publicKey(), unsigned.credential(), caps,
        unsigned.source(), List.of(), suite.signWithLabel(aliceKeys.privateKey(), "LeafNodeTBS",
            unsigned.toBeSigned()));
    KeyPackage tbs = new KeyPackage(ProtocolVersion.MLS10, suite.id(), suite.generateHpkeKeyPair().publicKey(),
        leaf, List.of(), new byte[0]);
    KeyPackage kp = new KeyPackage(tbs.version(), tbs.cipherSuite(), tbs.initKey(), leaf, List.of(),
        suite.signWithLabel(aliceKeys.privateKey(), "KeyPackageTBS", tbs.toBeSigned()));
    assertRule(() -> alice.process(hostileCommit(bob, new Add(kp))), Rule.LIST_ADD_MEMBER);
  }

  /** The relay's Add carries a KeyPackage whose signature was tampered with. */
  @Test
  void externalAddWithABadKeyPackageSignature() {
    KeyPackage good = TestClients.keyPackage(suite, "dave", config).keyPackage();
    byte[] signature = good.signature();
    signature[0] ^= 1;
    KeyPackage bad = new KeyPackage(good.version(), good.cipherSuite(), good.initKey(), good.leafNode(),
        good.extensions(), signature);
    assertRule(() -> alice.process(external(new Add(bad))), Rule.KEY_PACKAGE_SIGNATURE);
  }

  /** Bob commits an Add of a client lacking the group's required capabilities (§11.1). */
  @Test
  void commitAddingAClientWithoutRequiredCapabilities() {
    Extension requireX509 = new io.conclave.mls.extension.RequiredCapabilities(List.of(), List.of(),
        List.of(io.conclave.mls.credential.Credential.TYPE_X509)).toExtension();
    Group owner = Group.create(suite, "caps".getBytes(StandardCharsets.UTF_8), credential("owner"),
        suite.generateSignatureKeyPair(), List.of(requireX509), config);
    Capabilities supportsX509 = new Capabilities(List.of(1), List.of(suite.id()), List.of(), List.of(),
        List.of(io.conclave.mls.credential.Credential.TYPE_BASIC, io.conclave.mls.credential.Credential.TYPE_X509));
    long now = config.clock().instant().getEpochSecond();
    KeyPackageBundle second = KeyPackageBundle.create(suite, credential("second"), suite.generateSignatureKeyPair(),
        new Lifetime(now - 3600, now + 86_400), supportsX509, List.of(), List.of());
    CommitOutput out = owner.commit(CommitOptions.builder().add(second.keyPackage()).build());
    owner.mergePendingCommit();
    Group member = Group.joinFromWelcome(out.welcome().orElseThrow(), second, Optional.empty(), config);
    KeyPackage basicOnly = keyPackage(suite.id(), Optional.of(suite.generateHpkeKeyPair().publicKey()),
        new Capabilities(List.of(1), List.of(suite.id()), List.of(), List.of(),
            List.of(io.conclave.mls.credential.Credential.TYPE_BASIC)));
    assertRule(() -> owner.process(hostileCommit(member, new Add(basicOnly))), Rule.REQUIRED_CAPABILITIES);
  }

  // ---- ReInit (§11.2): refused, see GroupConfig#allowReInit ----

  @Test
  void reInitProposalIsRefused() {
    ReInit reInit = new ReInit(alice.groupId(), ProtocolVersion.MLS10, suite.id(), List.of());
    assertRule(() -> alice.process(external(reInit)), Rule.REINIT_UNSUPPORTED);
  }

  @Test
  void commitOfAReInitIsRefusedAndTheGroupStaysUsable() {
    ReInit reInit = new ReInit(alice.groupId(), ProtocolVersion.MLS10, suite.id(), List.of());
    assertRule(() -> alice.process(hostileCommit(bob, reInit)), Rule.REINIT_UNSUPPORTED);
    assertThat(alice.isActive()).isTrue();
    CommitOutput next = alice.commit();
    alice.mergePendingCommit();
    bob.process(next.commit());
    assertThat(bob.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());
  }

  // ---- external commits (§12.2, §12.4.3.2) ----

  @Test
  void externalCommitWithoutExternalInit() {
    assertRule(() -> alice.process(hostileExternalCommit(List.of())), Rule.EXTERNAL_ONE_INIT);
  }

  @Test
  void externalCommitWithTwoRemoves() {
    assertRule(() -> alice.process(hostileExternalCommit(List.of(externalInit(),
        new ProposalOrRef.Inline(new Remove(1)), new ProposalOrRef.Inline(new Remove(2))))),
        Rule.EXTERNAL_ONE_REMOVE);
  }

  @Test
  void externalCommitWithAnAdd() {
    KeyPackage kp = TestClients.keyPackage(suite, "dave", config).keyPackage();
    assertRule(() -> alice.process(hostileExternalCommit(List.of(externalInit(),
        new ProposalOrRef.Inline(new Add(kp))))), Rule.EXTERNAL_PROPOSAL_TYPES);
  }

  @Test
  void externalCommitWithAProposalByReference() {
    ProcessResult stored = alice.process(external(new Remove(2)));
    byte[] ref = ((ProcessResult.ProposalStored) stored).ref();
    assertRule(() -> alice.process(hostileExternalCommit(List.of(externalInit(), new ProposalOrRef.Reference(ref)))),
        Rule.EXTERNAL_BY_REFERENCE);
  }

  // ---- GroupInfos handed to an external joiner (§12.4.3.2) ----

  @Test
  void groupInfoWithoutExternalPub() {
    assertRule(() -> Group.joinExternally(alice.groupInfo(false), credential("dave"),
        suite.generateSignatureKeyPair(), config), Rule.EXTERNAL_PUB_MISSING);
  }

  @Test
  void groupInfoWithAnAllZeroExternalPub() {
    GroupInfo info = groupInfo(alice.groupInfo(true));
    List<Extension> extensions = new ArrayList<>();
    for (Extension e : info.extensions()) {
      extensions.add(e.type() == ExternalPub.EXTENSION_TYPE ? new ExternalPub(new byte[32]).toExtension() : e);
    }
    MlsMessage forged = resigned(info.groupContext(), extensions, info.signer());
    assertRule(() -> Group.joinExternally(forged, credential("dave"), suite.generateSignatureKeyPair(), config),
        Rule.EXTERNAL_PUB_INVALID);
  }

  /** The GroupInfo names a blank leaf as its signer. */
  @Test
  void groupInfoSignedByABlankLeaf() {
    CommitOutput removeBob = alice.commit(CommitOptions.builder().remove(new LeafIndex(1)).build());
    alice.mergePendingCommit();
    assertThat(removeBob.commit()).isNotNull();
    GroupInfo info = groupInfo(alice.groupInfo(true));
    MlsMessage forged = resigned(info.groupContext(), info.extensions(), 1);
    assertRule(() -> Group.joinExternally(forged, credential("dave"), suite.generateSignatureKeyPair(), config),
        Rule.GROUP_INFO_SIGNER);
  }

  // ---- Welcomes (§12.4.3.1) ----

  @Test
  void welcomeWithNoEntryForThisKeyPackage() {
    CommitOutput out = alice.commit(CommitOptions.builder()
        .add(TestClients.keyPackage(suite, "dave", config).keyPackage()).build());
    KeyPackageBundle other = TestClients.keyPackage(suite, "erin", config);
    assertRule(() -> Group.joinFromWelcome(out.welcome().orElseThrow(), other, Optional.empty(), config),
        Rule.WELCOME_NO_ENTRY);
  }

  @Test
  void welcomeOfAnotherCipherSuite() {
    KeyPackageBundle dave = TestClients.keyPackage(suite, "dave", config);
    CommitOutput out = alice.commit(CommitOptions.builder().add(dave.keyPackage()).build());
    Welcome w = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).welcome();
    MlsMessage forged = new MlsMessage(new MlsMessage.WelcomeBody(new Welcome(2, w.secrets(),
        w.encryptedGroupInfo())));
    assertRule(() -> Group.joinFromWelcome(forged, dave, Optional.empty(), config), Rule.WELCOME_SUITE);
  }

  /** A committer's Welcome whose (validly signed) GroupInfo has a tree without the joiner. */
  @Test
  void welcomeWhoseTreeLacksTheJoiner() {
    KeyPackageBundle dave = TestClients.keyPackage(suite, "dave", config);
    MlsMessage forged = forgedWelcome(dave, groupInfo(alice.groupInfo(false)), List.of());
    assertRule(() -> Group.joinFromWelcome(forged, dave, Optional.empty(), config), Rule.WELCOME_OWN_LEAF);
  }

  /** A Welcome into a reinitialised group (a reinit resumption PSK), which this library does not do. */
  @Test
  void welcomeWithAReinitPsk() {
    KeyPackageBundle dave = TestClients.keyPackage(suite, "dave", config);
    PreSharedKeyId reinit = new PreSharedKeyId.Resumption(ResumptionPskUsage.REINIT, alice.groupId(), 0, nonce());
    MlsMessage forged = forgedWelcome(dave, groupInfo(alice.groupInfo(false)), List.of(reinit));
    assertRule(() -> Group.joinFromWelcome(forged, dave, Optional.empty(), config), Rule.WELCOME_PSK);
  }

  // ---- the public view (PublicGroup) ----

  @Test
  void publicViewOfAGroupInfoWithAnUnknownSuite() {
    GroupContext c = groupInfo(alice.groupInfo(true)).groupContext();
    GroupContext unknown = new GroupContext(c.version(), 0x7a7a, c.groupId(), c.epoch(), c.treeHash(),
        c.confirmedTranscriptHash(), c.extensions());
    GroupInfo info = groupInfo(alice.groupInfo(true));
    MlsMessage forged = resigned(unknown, info.extensions(), info.signer());
    assertRule(() -> PublicGroup.fromGroupInfo(forged, Optional.empty(), PublicGroupConfig.DEFAULT),
        Rule.PUBLIC_CIPHER_SUITE);
  }

  @Test
  void publicViewOfAGroupInfoWithAMalformedTree() {
    GroupInfo info = groupInfo(alice.groupInfo(false));
    List<Extension> extensions = new ArrayList<>();
    for (Extension e : info.extensions()) {
      extensions.add(e.type() == RatchetTree.EXTENSION_TYPE ? new Extension(e.type(), new byte[] {(byte) 0xff}) : e);
    }
    MlsMessage forged = resigned(info.groupContext(), extensions, info.signer());
    assertRule(() -> PublicGroup.fromGroupInfo(forged, Optional.empty(), PublicGroupConfig.DEFAULT),
        Rule.PUBLIC_MALFORMED);
  }

  // ---- local state: raised by local misuse, not by peer data ----

  /**
   * Local state: alice's own commit comes back (the relay echoes it) after she discarded it; a
   * member never processes its own commit except to merge the pending one.
   */
  @Test
  void ownCommitAfterItWasDiscarded() {
    CommitOutput out = alice.commit();
    alice.discardPendingCommit();
    assertRule(() -> alice.process(out.commit()), Rule.OWN_COMMIT);
  }

  /** Local state: a removed member tries to send. */
  @Test
  void removedMemberCannotSend() {
    CommitOutput out = alice.commit(CommitOptions.builder().remove(new LeafIndex(2)).build());
    alice.mergePendingCommit();
    carol.process(out.commit());
    assertRule(() -> carol.encryptApplication("still here?".getBytes(StandardCharsets.UTF_8)), Rule.INACTIVE);
  }

  /**
   * Local state: bob's Update is committed, but the bob that receives the commit runs on a state
   * saved before he proposed it, so the Update's private key is gone.
   */
  @Test
  void ownUpdateCommittedButItsKeyIsNotKept() {
    byte[] saved = bob.toBytes();
    MlsMessage update = bob.proposeUpdate();
    alice.process(update);
    CommitOutput out = alice.commit(CommitOptions.builder().build());
    Group restored = Group.fromBytes(saved, config);
    restored.process(update);
    assertRule(() -> restored.process(out.commit()), Rule.UPDATE_INVALID);
  }

  /**
   * §12.4: the relay proposes removing carol. While the Remove is pending, bob may not send
   * application data (carol could still read it); he commits first, and what he sends in the new
   * epoch reaches alice but not carol.
   */
  @Test
  void applicationDataWaitsForTheCommitOfAPendingRemove() {
    MlsMessage remove = ExternalProposals.remove(suite, alice.groupId(), alice.epoch(), 0, server.privateKey(),
        new LeafIndex(2));
    for (Group member : List.of(alice, bob, carol)) {
      assertThat(member.process(remove)).isInstanceOf(ProcessResult.ProposalStored.class);
      assertThat(member.hasPendingProposals()).isTrue();
    }
    byte[] secret = "after the Remove was proposed".getBytes(StandardCharsets.UTF_8);
    assertRule(() -> bob.encryptApplication(secret), Rule.PROPOSALS_PENDING);

    CommitOutput out = bob.commit();
    assertThat(bob.hasPendingProposals()).isTrue();
    assertRule(() -> bob.encryptApplication(secret), Rule.PROPOSALS_PENDING);
    bob.mergePendingCommit();
    assertThat(bob.hasPendingProposals()).isFalse();
    alice.process(out.commit());
    assertThat(((ProcessResult.CommitApplied) carol.process(out.commit())).selfRemoved()).isTrue();

    MlsMessage sent = bob.encryptApplication(secret);
    assertThat(((ProcessResult.ApplicationMessage) alice.process(sent)).data()).isEqualTo(secret);
    assertThat(carol.isActive()).isFalse();
    assertRule(() -> carol.process(sent), Rule.EPOCH);
  }
}
