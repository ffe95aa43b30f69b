package io.conclave.interop;

import static io.conclave.interop.Interop.SUITE;
import static io.conclave.interop.Interop.assertAgree;
import static io.conclave.interop.Interop.bundle;
import static io.conclave.interop.Interop.keyPackage;
import static io.conclave.interop.Interop.message;
import static io.conclave.interop.Interop.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.MlsException;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.HpkeExport;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.FramedContentAuthData;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.TranscriptHashes;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.CredentialValidator;
import io.conclave.mls.group.ExternalJoin;
import io.conclave.mls.group.ExternalJoinOptions;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.group.ProposalPolicy;
import io.conclave.mls.group.commit.CommitProcessor;
import io.conclave.mls.group.commit.HandshakeFraming;
import io.conclave.mls.group.join.GroupInfos;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.EncryptedGroupSecrets;
import io.conclave.mls.messages.ExternalInit;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import io.conclave.mls.messages.GroupSecrets;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.mls.messages.ReInit;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.messages.Welcome;
import io.conclave.mls.messages.WelcomeProtection;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.schedule.PskSecret;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.Lifetime;
import io.conclave.mls.tree.Node;
import io.conclave.mls.tree.ParentNode;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treekem.PreparedUpdatePath;
import io.conclave.mls.treekem.TreeKem;
import io.conclave.mls.treemath.LeafIndex;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential tests (issue 11, "Differential tests against ts-mls"): hostile commits and Welcomes
 * that RFC 9420 says a receiver MUST reject are fed to a Java receiver and to a ts-mls receiver in
 * the same group state, and both must reject them.
 *
 * <p>Every hostile commit is forged by {@link #forge} from the committer's real epoch state: the
 * proposals are applied to the tree <em>without</em> validation, and the message is then signed,
 * given a correct confirmation tag (key schedule run over the hostile tree) and a correct
 * membership tag, so that exactly one rule is broken. Every case also has a <em>positive
 * control</em>: a message from the same forging path that breaks no rule, which both
 * implementations must accept and agree on (same epoch authenticator and exporter). So no case can
 * pass because the forger produces garbage that everybody refuses.
 *
 * <p>Where ts-mls 1.6.4 wrongly accepts, the case says so with {@link TsMls#ACCEPTS_KNOWN_GAP} and
 * asserts the acceptance ({@link #tsMlsAcceptsKnownGap}): a ts-mls release that fixes the gap makes
 * the test fail, and the case and {@code interop/README.md} must then be updated. The outcomes are
 * also written to {@code target/hostile-messages.md}.
 *
 * <p>Java rejections are asserted as {@link MlsException} only (no rule ids).
 */
class HostileMessagesInteropTest {
  private static final GroupConfig CONFIG = GroupConfig.builder().proposalPolicy(ProposalPolicy.ACCEPT_ALL)
      .allowExternalCommits(true).build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<String, String> ROWS = new TreeMap<>();
  private static TsMlsPeer tsMls;
  private static int counter;

  /** What ts-mls 1.6.4 does with a hostile message. */
  enum TsMls {
    REJECTS,
    /** ts-mls accepts what RFC 9420 forbids; documented in interop/README.md. */
    ACCEPTS_KNOWN_GAP
  }

  @BeforeAll
  static void startDriver() {
    tsMls = TsMlsPeer.start();
  }

  @AfterAll
  static void stopDriver() throws IOException {
    tsMls.close();
    StringBuilder table = new StringBuilder(
        "| case | Java | ts-mls | ts-mls error | Java error |\n|---|---|---|---|---|\n");
    ROWS.values().forEach(r -> table.append(r).append('\n'));
    System.out.println(table);
    Path out = Path.of("target", "hostile-messages.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
  }

  // ---------------------------------------------------------------------------------------------
  // Commits
  // ---------------------------------------------------------------------------------------------

  @Test
  void commitWithBadSignature() {
    commitCase("commit: bad signature", TsMls.REJECTS,
        f -> new Forge().path().flipSignature(), f -> new Forge().path());
  }

  @Test
  void commitFromBlankLeaf() {
    Fixture f = fixture();
    // Carol is removed by a real commit; then a commit claims to come from her now blank leaf,
    // signed with her old key, otherwise valid (tags from the epoch's real secrets).
    CommitOutput removeCarol = f.alice.commit(CommitOptions.builder().remove(new LeafIndex(2)).build());
    f.alice.mergePendingCommit();
    f.bob.process(removeCarol.commit());
    tsMls.process(f.ts1, removeCarol.commit().toBytes());
    tsMls.process(f.ts2, removeCarol.commit().toBytes());
    Forge hostile = new Forge().proposals(new Add(fresh("x").keyPackage()))
        .sender(2, f.carolKeys.signatureKeyPair().privateKey());
    Forge control = new Forge().proposals(new Add(fresh("y").keyPackage()));
    runCommitCase("commit: sender is a blank leaf", TsMls.REJECTS, f, forge(f, hostile), forge(f, control));
  }

  @Test
  void commitForWrongEpoch() {
    commitCase("commit: wrong epoch (epoch + 1)", TsMls.REJECTS,
        f -> new Forge().path().epochOffset(1), f -> new Forge().path());
  }

  @Test
  void commitWithBadConfirmationTag() {
    commitCase("commit: bad confirmation tag (membership tag recomputed)", TsMls.REJECTS,
        f -> new Forge().path().flipTag(), f -> new Forge().path());
  }

  @Test
  void commitRemovingTheCommitter() {
    commitCase("commit: removes the committer", TsMls.REJECTS,
        f -> new Forge().path().proposals(new Remove(0)), f -> new Forge().path().proposals(new Remove(2)));
  }

  @Test
  void commitWithTwoAddsOfOneSignatureKey() {
    commitCase("commit: two Adds with one signature key", TsMls.REJECTS,
        f -> {
          SignatureKeyPair shared = SUITE.generateSignatureKeyPair();
          return new Forge().proposals(new Add(fresh("x", shared).keyPackage()),
              new Add(fresh("y", shared).keyPackage()));
        },
        f -> new Forge().proposals(new Add(fresh("x").keyPackage()), new Add(fresh("y").keyPackage())));
  }

  @Test
  void commitAddingAnExistingMember() {
    commitCase("commit: Add of an existing member (bob's signature key)", TsMls.REJECTS,
        f -> new Forge().proposals(new Add(fresh("bob", f.bobKeys.signatureKeyPair()).keyPackage())),
        f -> new Forge().proposals(new Add(fresh("bob2").keyPackage())));
  }

  @Test
  void commitWithTwoGroupContextExtensions() {
    commitCase("commit: two GroupContextExtensions", TsMls.REJECTS,
        f -> new Forge().path().proposals(new GroupContextExtensions(f.alice.groupContextExtensions()),
            new GroupContextExtensions(f.alice.groupContextExtensions())),
        f -> new Forge().path().proposals(new GroupContextExtensions(f.alice.groupContextExtensions())));
  }

  @Test
  void commitWithReInitAndAnotherProposal() {
    commitCase("commit: ReInit plus an Add", TsMls.REJECTS,
        f -> new Forge().proposals(new ReInit(utf8("reinit-" + counter), ProtocolVersion.MLS10, SUITE.id(), List.of()),
            new Add(fresh("x").keyPackage())),
        f -> new Forge().proposals(new Add(fresh("x").keyPackage())));
  }

  /**
   * The kem_output is for the group's real external_pub, and the confirmation tag is computed from
   * the init secret it exports, i.e. as a receiver that honours the ExternalInit computes it.
   */
  @Test
  void regularCommitWithExternalInit() {
    commitCase("commit: ExternalInit in a regular commit (tag from the ExternalInit's init secret)",
        TsMls.ACCEPTS_KNOWN_GAP,
        f -> {
          GroupInfo info = ((MlsMessage.GroupInfoBody) f.alice.groupInfo(true).body()).groupInfo();
          HpkeExport export = SUITE.hpkeExportSender(GroupInfos.externalPub(SUITE, info), new byte[0],
              CommitProcessor.EXTERNAL_INIT_LABEL, SUITE.hashLength());
          return new Forge().path().proposals(new ExternalInit(export.kemOutput())).initSecret(export.secret());
        },
        f -> new Forge().path());
  }

  /**
   * As above, but the confirmation tag follows the regular key schedule (the old init_secret):
   * ts-mls rejects it only because the tag does not match its (ExternalInit) key schedule.
   */
  @Test
  void regularCommitWithExternalInitRegularKeySchedule() {
    commitCase("commit: ExternalInit in a regular commit (tag from the old init_secret)", TsMls.REJECTS,
        f -> new Forge().path().proposals(new ExternalInit(SUITE.hpkeExportSender(
            SUITE.generateHpkeKeyPair().publicKey(), new byte[0], CommitProcessor.EXTERNAL_INIT_LABEL,
            SUITE.hashLength()).kemOutput())),
        f -> new Forge().path());
  }

  @Test
  void commitReferencingAnUnknownProposal() {
    commitCase("commit: unknown proposal reference", TsMls.REJECTS,
        f -> new Forge().path().reference(randomBytes(SUITE.hashLength())), f -> new Forge().path());
  }

  @Test
  void commitWhosePathLeafHasABadSignature() {
    commitCase("commit: UpdatePath leaf with a bad signature", TsMls.REJECTS,
        f -> new Forge().path().pathLeaf((leaf, index) -> withSignature(leaf, flip(leaf.signature()))),
        f -> new Forge().path());
  }

  @Test
  void commitWhosePathLeafHasAWrongParentHash() {
    commitCase("commit: UpdatePath leaf with a wrong parent hash (re-signed)", TsMls.REJECTS,
        f -> new Forge().path().pathLeaf((leaf, index) -> resigned(new LeafNode(leaf.encryptionKey(),
            leaf.signatureKey(), leaf.credential(), leaf.capabilities(),
            new LeafNodeSource.FromCommit(randomBytes(SUITE.hashLength())), leaf.extensions(), new byte[0]),
            f.aliceKeys.privateKey(), f.alice.groupId(), index)),
        f -> new Forge().path());
  }

  @Test
  void addWithAllZeroInitKey() {
    commitCase("Add: all-zero X25519 init_key", TsMls.ACCEPTS_KNOWN_GAP,
        f -> new Forge().proposals(new Add(handmade(new byte[32], freshHpkeKey(), List.of(), List.of()))),
        f -> new Forge().proposals(new Add(handmade(freshHpkeKey(), freshHpkeKey(), List.of(), List.of()))));
  }

  @Test
  void addWithAllZeroLeafKey() {
    commitCase("Add: all-zero X25519 leaf encryption_key", TsMls.ACCEPTS_KNOWN_GAP,
        f -> new Forge().proposals(new Add(handmade(freshHpkeKey(), new byte[32], List.of(), List.of()))),
        f -> new Forge().proposals(new Add(handmade(freshHpkeKey(), freshHpkeKey(), List.of(), List.of()))));
  }

  @Test
  void addWithDuplicateKeyPackageExtensionTypes() {
    commitCase("Add: KeyPackage with one extension type twice", TsMls.ACCEPTS_KNOWN_GAP,
        f -> new Forge().proposals(new Add(handmade(freshHpkeKey(), freshHpkeKey(), List.of(),
            List.of(new Extension(0xff01, new byte[] {1}), new Extension(0xff01, new byte[0]))))),
        f -> new Forge().proposals(new Add(handmade(freshHpkeKey(), freshHpkeKey(), List.of(),
            List.of(new Extension(0xff01, new byte[] {1}))))));
  }

  @Test
  void addWithDuplicateLeafExtensionTypes() {
    commitCase("Add: leaf with one extension type twice", TsMls.ACCEPTS_KNOWN_GAP,
        f -> new Forge().proposals(new Add(handmade(freshHpkeKey(), freshHpkeKey(),
            List.of(new Extension(0xff02, new byte[] {1}), new Extension(0xff02, new byte[0])), List.of()))),
        f -> new Forge().proposals(new Add(handmade(freshHpkeKey(), freshHpkeKey(),
            List.of(new Extension(0xff02, new byte[] {1})), List.of()))));
  }

  @Test
  void groupContextExtensionsWithMalformedExternalSenders() {
    Extension valid = new ExternalSenders(List.of(new ExternalSender(SUITE.generateSignatureKeyPair().publicKey(),
        new Credential.Basic(utf8("relay"))))).toExtension();
    commitCase("GroupContextExtensions: malformed external_senders", TsMls.REJECTS,
        f -> new Forge().path().proposals(new GroupContextExtensions(List.of(
            new Extension(ExternalSenders.EXTENSION_TYPE, new byte[] {5, 1, 2, 3, 4, 5})))),
        f -> new Forge().path().proposals(new GroupContextExtensions(List.of(valid))));
  }

  /**
   * Dave joins by external commit and removes bob's leaf (not his own earlier leaf): §12.2 and
   * §12.4.3.2 let a joiner remove only its own old leaf. Dave's Java client is configured to accept
   * any credential successor so that it builds the commit; every other part of it is valid. The
   * control is carol's resync: she rejoins with her own credential and removes her old leaf.
   */
  @Test
  void externalCommitRemovingAnotherMember() {
    Fixture f = fixture();
    GroupConfig lax = GroupConfig.builder().credentialValidator(new CredentialValidator() {
      @Override
      public boolean isValid(Credential credential, byte[] signatureKey) {
        return true;
      }

      @Override
      public boolean isValidSuccessor(Credential oldCredential, byte[] oldSignatureKey, Credential newCredential,
          byte[] newSignatureKey) {
        return true;
      }
    }).build();
    MlsMessage info = f.alice.groupInfo(true);
    ExternalJoin dave = Group.joinExternally(info, new Credential.Basic(utf8("dave")),
        SUITE.generateSignatureKeyPair(), ExternalJoinOptions.DEFAULT.withResyncRemove(new LeafIndex(1)), lax);
    ExternalJoin carolAgain = Group.joinExternally(info, new Credential.Basic(utf8("carol")),
        SUITE.generateSignatureKeyPair(), ExternalJoinOptions.DEFAULT.withResyncRemove(new LeafIndex(2)), CONFIG);
    runCommitCase("external commit: removes another member's leaf", TsMls.ACCEPTS_KNOWN_GAP, f, dave.commit(),
        carolAgain.commit());
  }

  // ---------------------------------------------------------------------------------------------
  // Welcomes
  // ---------------------------------------------------------------------------------------------

  @Test
  void welcomeWithTamperedGroupInfoSignature() {
    welcomeCase("Welcome: tampered GroupInfo signature", TsMls.REJECTS,
        (w, gi) -> new GroupInfo(gi.groupContext(), gi.extensions(), gi.confirmationTag(), gi.signer(),
            flip(gi.signature())));
  }

  /** The ratchet_tree in the GroupInfo has an extra (validly signed) stranger leaf; GroupInfo re-signed. */
  @Test
  void welcomeWhoseTreeDoesNotMatchTheTreeHash() {
    welcomeCase("Welcome: ratchet_tree does not match tree_hash (GroupInfo re-signed)", TsMls.REJECTS, (w, gi) -> {
      RatchetTree real = null;
      for (Extension e : gi.extensions()) {
        if (e.type() == RatchetTree.EXTENSION_TYPE) {
          real = RatchetTree.fromExtension(e);
        }
      }
      assertThat(real).as("ratchet_tree in the GroupInfo").isNotNull();
      List<Optional<Node>> nodes = new ArrayList<>(real.nodes());
      nodes.add(Optional.empty());
      nodes.add(Group.create(SUITE, utf8("elsewhere"), new Credential.Basic(utf8("zed")),
          SUITE.generateSignatureKeyPair(), CONFIG).ratchetTree().nodes().get(0));
      RatchetTree tampered = new RatchetTree(nodes);
      List<Extension> extensions = new ArrayList<>();
      for (Extension e : gi.extensions()) {
        extensions.add(e.type() == RatchetTree.EXTENSION_TYPE ? tampered.toExtension() : e);
      }
      return GroupInfoSignature.sign(SUITE, w.aliceKeys.privateKey(),
          new GroupInfo(gi.groupContext(), extensions, gi.confirmationTag(), gi.signer(), new byte[0]));
    });
  }

  /** Both a Java client and a ts-mls client hold a KeyPackage that the (valid) Welcome does not name. */
  @Test
  void welcomeForAKeyPackageNotInIt() {
    WelcomeFixture w = welcomeFixture();
    MlsMessage valid = w.rebuild(UnaryOperator.identity());
    KeyPackageBundle ivan = bundle("ivan");
    String tsIvan = "w" + counter + "-ivan";
    tsMls.keyPackage(tsIvan, utf8("ivan"));
    Verdict java = java(() -> Group.joinFromWelcome(valid, ivan, Optional.empty(), CONFIG));
    Verdict ts = ts(() -> tsMls.joinWelcome(tsIvan, valid.toBytes(), Optional.empty()));
    check("Welcome: for a KeyPackage not in it", TsMls.REJECTS, java, ts);
    w.control(valid);
  }

  // ---------------------------------------------------------------------------------------------
  // Running a case
  // ---------------------------------------------------------------------------------------------

  private void commitCase(String name, TsMls expected, Function<Fixture, Forge> hostile,
      Function<Fixture, Forge> control) {
    Fixture f = fixture();
    runCommitCase(name, expected, f, forge(f, hostile.apply(f)), forge(f, control.apply(f)));
  }

  /**
   * Bob (Java) and ts1 (ts-mls) receive {@code hostile}; both must reject unless {@code expected}
   * says ts-mls has a known gap. Then {@code control} is processed by bob and by a ts-mls member
   * still in the pre-commit state (ts1, or ts2 if ts1 accepted the hostile commit), which must
   * accept it and agree.
   */
  private void runCommitCase(String name, TsMls expected, Fixture f, MlsMessage hostile, MlsMessage control) {
    Verdict java = java(() -> f.bob.process(hostile));
    Verdict ts = ts(() -> tsMls.process(f.ts1, hostile.toBytes()));
    check(name, expected, java, ts);

    String tsControl = ts.rejected() ? f.ts1 : f.ts2;
    assertThat(f.bob.process(control)).as(name + ": positive control at Java")
        .isInstanceOf(ProcessResult.CommitApplied.class);
    assertThat(tsMls.process(tsControl, control.toBytes()).kind()).as(name + ": positive control at ts-mls")
        .isEqualTo("commit");
    assertAgree(tsMls, List.of(tsControl), List.of(f.bob));
  }

  private void welcomeCase(String name, TsMls expected, java.util.function.BiFunction<WelcomeFixture, GroupInfo,
      GroupInfo> tamper) {
    WelcomeFixture w = welcomeFixture();
    MlsMessage hostile = w.rebuild(gi -> tamper.apply(w, gi));
    MlsMessage control = w.rebuild(UnaryOperator.identity());
    Verdict java = java(() -> Group.joinFromWelcome(hostile, w.erin, Optional.empty(), CONFIG));
    Verdict ts = ts(() -> tsMls.joinWelcome(w.frank, hostile.toBytes(), Optional.empty()));
    check(name, expected, java, ts);
    w.control(control);
  }

  private static void check(String name, TsMls expected, Verdict java, Verdict ts) {
    ROWS.put(name, "| " + name + " | " + (java.rejected() ? "rejects" : "**accepts**") + " | "
        + (ts.rejected() ? "rejects" : "**accepts**") + " | " + ts.detail().replace("|", "\\|") + " | "
        + java.detail().replace("|", "\\|") + " |");
    assertThat(java.rejected()).as(name + ": Java must reject (" + java.detail() + ")").isTrue();
    assertThat(java.error()).as(name + ": Java rejects with an MlsException").isInstanceOf(MlsException.class);
    if (expected == TsMls.REJECTS) {
      assertThat(ts.rejected()).as(name + ": ts-mls must reject").isTrue();
    } else {
      tsMlsAcceptsKnownGap(name, ts);
    }
  }

  /**
   * ts-mls 1.6.4 accepts this hostile message (listed in interop/README.md). Fails once ts-mls
   * rejects it: then mark the case {@link TsMls#REJECTS} and update the README.
   */
  private static void tsMlsAcceptsKnownGap(String name, Verdict ts) {
    assertThat(ts.rejected()).as(name + ": known ts-mls gap — ts-mls now rejects (" + ts.detail()
        + "); update the case and interop/README.md").isFalse();
  }

  private record Verdict(boolean rejected, String detail, Throwable error) {}

  private interface Call {
    Object run();
  }

  private static Verdict java(Call call) {
    try {
      Object r = call.run();
      return new Verdict(false, "accepted: " + r, null);
    } catch (RuntimeException e) {
      return new Verdict(true, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static Verdict ts(Call call) {
    try {
      Object r = call.run();
      return new Verdict(false, "", null);
    } catch (TsMlsPeer.TsMlsException e) {
      String message = e.getMessage();
      int cut = message.indexOf('\n');
      message = cut < 0 ? message : message.substring(0, cut);
      return new Verdict(true, message.replaceFirst("^\\w+ failed in ts-mls: ", ""), e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fixtures
  // ---------------------------------------------------------------------------------------------

  /**
   * alice (Java, leaf 0, the forger), bob (Java, 1), carol (Java, 2), ts1 (ts-mls, 3), ts2 (ts-mls,
   * 4), all in the same epoch.
   */
  private record Fixture(Group alice, SignatureKeyPair aliceKeys, Group bob, KeyPackageBundle bobKeys,
      KeyPackageBundle carolKeys, String ts1, String ts2) {}

  private static Fixture fixture() {
    String p = "h" + (++counter);
    SignatureKeyPair aliceKeys = SUITE.generateSignatureKeyPair();
    Group alice = Group.create(SUITE, utf8("hostile-" + p), new Credential.Basic(utf8("alice")), aliceKeys, CONFIG);
    KeyPackageBundle bobKeys = bundle("bob");
    KeyPackageBundle carolKeys = bundle("carol");
    String ts1 = p + "-ts1";
    String ts2 = p + "-ts2";
    CommitOutput out = alice.commit(CommitOptions.builder().add(bobKeys.keyPackage()).add(carolKeys.keyPackage())
        .add(keyPackage(tsMls.keyPackage(ts1, utf8("ts1")))).add(keyPackage(tsMls.keyPackage(ts2, utf8("ts2"))))
        .build());
    alice.mergePendingCommit();
    Group bob = Group.joinFromWelcome(out.welcome().orElseThrow(), bobKeys, Optional.empty(), CONFIG);
    Group carol = Group.joinFromWelcome(out.welcome().orElseThrow(), carolKeys, Optional.empty(), CONFIG);
    tsMls.joinWelcome(ts1, out.welcome().orElseThrow().toBytes(), Optional.empty());
    tsMls.joinWelcome(ts2, out.welcome().orElseThrow().toBytes(), Optional.empty());
    assertAgree(tsMls, List.of(ts1, ts2), List.of(alice, bob, carol));
    return new Fixture(alice, aliceKeys, bob, bobKeys, carolKeys, ts1, ts2);
  }

  /**
   * Alice's Add of erin and gina (Java) and frank and hank (ts-mls). erin and frank receive hostile
   * Welcomes, gina and hank the control. {@link #rebuild} decrypts the GroupInfo with the joiner
   * secret (read through erin's entry), transforms it, and encrypts it and every entry again.
   */
  private static final class WelcomeFixture {
    final Group alice;
    final SignatureKeyPair aliceKeys;
    final KeyPackageBundle erin = bundle("erin");
    final KeyPackageBundle gina = bundle("gina");
    final String frank;
    final String hank;
    final List<KeyPackage> keyPackages = new ArrayList<>();
    final GroupSecrets secrets;
    final SecretBytes welcomeSecret;
    final GroupInfo groupInfo;

    WelcomeFixture() {
      String p = "w" + (++counter);
      aliceKeys = SUITE.generateSignatureKeyPair();
      alice = Group.create(SUITE, utf8("welcome-" + p), new Credential.Basic(utf8("alice")), aliceKeys, CONFIG);
      frank = p + "-frank";
      hank = p + "-hank";
      keyPackages.add(erin.keyPackage());
      keyPackages.add(gina.keyPackage());
      keyPackages.add(keyPackage(tsMls.keyPackage(frank, utf8("frank"))));
      keyPackages.add(keyPackage(tsMls.keyPackage(hank, utf8("hank"))));
      // Adds only, without a path: no path secrets in the GroupSecrets (one GroupSecrets fits every
      // joiner) and no parent hashes in the tree (a changed tree breaks only the tree hash).
      CommitOptions.Builder add = CommitOptions.builder().forcePath(false);
      keyPackages.forEach(add::add);
      CommitOutput out = alice.commit(add.build());
      alice.mergePendingCommit();
      Welcome welcome = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).welcome();
      EncryptedGroupSecrets mine = WelcomeProtection.find(welcome, erin.ref()).orElseThrow();
      secrets = WelcomeProtection.decryptGroupSecrets(SUITE, erin.initKeyPair().privateKey(), mine,
          welcome.encryptedGroupInfo());
      welcomeSecret = KeySchedule.welcomeSecret(SUITE, secrets.joinerSecret(), PskSecret.none(SUITE));
      groupInfo = WelcomeProtection.decryptGroupInfo(SUITE, welcomeSecret, welcome.encryptedGroupInfo());
    }

    MlsMessage rebuild(UnaryOperator<GroupInfo> tamper) {
      byte[] encrypted = WelcomeProtection.encryptGroupInfo(SUITE, welcomeSecret, tamper.apply(groupInfo));
      List<EncryptedGroupSecrets> entries = new ArrayList<>();
      for (KeyPackage kp : keyPackages) {
        entries.add(WelcomeProtection.encryptGroupSecrets(SUITE, kp, encrypted, secrets));
      }
      return new MlsMessage(new MlsMessage.WelcomeBody(new Welcome(SUITE.id(), entries, encrypted)));
    }

    /** gina and hank join with {@code control} and agree with alice. */
    void control(MlsMessage control) {
      Group joined = Group.joinFromWelcome(control, gina, Optional.empty(), CONFIG);
      tsMls.joinWelcome(hank, control.toBytes(), Optional.empty());
      assertAgree(tsMls, List.of(hank), List.of(alice, joined));
    }
  }

  private static WelcomeFixture welcomeFixture() {
    return new WelcomeFixture();
  }

  // ---------------------------------------------------------------------------------------------
  // The forger
  // ---------------------------------------------------------------------------------------------

  /** A commit to forge from alice's current epoch; by default an empty commit without a path. */
  private static final class Forge {
    final List<Proposal> proposals = new ArrayList<>();
    final List<byte[]> references = new ArrayList<>();
    boolean path;
    Integer senderLeaf;
    SecretBytes senderKey;
    long epochOffset;
    boolean flipSignature;
    boolean flipTag;
    PathLeafTamper pathLeaf;
    SecretBytes initSecret;

    Forge initSecret(SecretBytes secret) {
      initSecret = secret;
      return this;
    }

    Forge proposals(Proposal... p) {
      proposals.addAll(List.of(p));
      return this;
    }

    Forge reference(byte[] ref) {
      references.add(ref);
      return this;
    }

    Forge path() {
      path = true;
      return this;
    }

    Forge sender(int leaf, SecretBytes key) {
      senderLeaf = leaf;
      senderKey = key;
      return this;
    }

    Forge epochOffset(long offset) {
      epochOffset = offset;
      return this;
    }

    Forge flipSignature() {
      flipSignature = true;
      return this;
    }

    Forge flipTag() {
      flipTag = true;
      return this;
    }

    Forge pathLeaf(PathLeafTamper tamper) {
      pathLeaf = tamper;
      return this;
    }
  }

  private interface PathLeafTamper {
    LeafNode apply(LeafNode leaf, int leafIndex);
  }

  /**
   * A PublicMessage commit of alice's (or of {@link Forge#sender}) built like
   * {@code CommitCreator.create} but with the proposals applied without any check: Removes, then
   * Adds at the leftmost blank leaves, the last GroupContextExtensions; an UpdatePath if asked;
   * the path leaf replaced by {@link Forge#pathLeaf} in the tree before any hash is taken; signed,
   * with the confirmation tag of the epoch this commit leads to and a membership tag.
   */
  private static MlsMessage forge(Fixture f, Forge spec) {
    EpochState s = state(f.alice);
    int sender = spec.senderLeaf != null ? spec.senderLeaf : s.ownLeaf().value();
    SecretBytes key = spec.senderKey != null ? spec.senderKey : f.aliceKeys.privateKey();
    TreeState tree = s.tree().copy();
    List<Extension> extensions = s.context().extensions();
    for (Proposal p : spec.proposals) {
      if (p instanceof GroupContextExtensions g) {
        extensions = g.extensions();
      }
    }
    for (Proposal p : spec.proposals) {
      if (p instanceof Remove r) {
        tree.removeLeaf(new LeafIndex((int) r.removed()));
      }
    }
    Set<LeafIndex> added = new HashSet<>();
    for (Proposal p : spec.proposals) {
      if (p instanceof Add a) {
        added.add(tree.addLeaf(a.keyPackage().leafNode()));
      }
    }
    long newEpoch = s.epoch() + 1;
    Optional<UpdatePath> path = Optional.empty();
    SecretBytes commitSecret = SecretBytes.wrap(new byte[SUITE.hashLength()]);
    if (spec.path) {
      LeafIndex me = new LeafIndex(sender);
      PreparedUpdatePath prepared = TreeKem.createUpdatePath(tree, me, s.ownLeafNode(), key, s.groupId(), added);
      LeafNode leaf = prepared.leafNode();
      if (spec.pathLeaf != null) {
        leaf = spec.pathLeaf.apply(leaf, sender);
        List<ParentNode> nodes = new ArrayList<>();
        for (int n : tree.filteredDirectPath(me)) {
          nodes.add(tree.parent(n).orElseThrow());
        }
        tree.mergePath(me, leaf, nodes);
      }
      GroupContext provisional = new GroupContext(1, SUITE.id(), s.groupId(), newEpoch, tree.treeHash(),
          s.context().confirmedTranscriptHash(), extensions);
      path = Optional.of(new UpdatePath(leaf, prepared.encrypt(provisional).nodes()));
      commitSecret = SecretBytes.wrap(prepared.commitSecret().copy());
    }
    List<ProposalOrRef> wire = new ArrayList<>();
    spec.proposals.forEach(p -> wire.add(new ProposalOrRef.Inline(p)));
    spec.references.forEach(r -> wire.add(new ProposalOrRef.Reference(r)));
    FramedContent content = new FramedContent(s.groupId(), s.epoch() + spec.epochOffset, new Sender.Member(sender),
        new byte[0], new Content.CommitContent(new Commit(wire, path)));
    AuthenticatedContent signed = ContentAuthentication.sign(SUITE, key, WireFormat.PUBLIC_MESSAGE, content,
        s.context(), Optional.of(new byte[0]));
    byte[] signature = spec.flipSignature ? flip(signed.auth().signature()) : signed.auth().signature();
    signed = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content,
        new FramedContentAuthData(signature, Optional.of(new byte[0])));
    byte[] confirmed = TranscriptHashes.confirmed(SUITE, s.interimTranscriptHash(), signed);
    GroupContext next = new GroupContext(1, SUITE.id(), s.groupId(), newEpoch, tree.treeHash(), confirmed,
        extensions);
    EpochSecrets secrets = KeySchedule.nextEpoch(SUITE,
        spec.initSecret != null ? spec.initSecret : s.secrets().initSecret(), commitSecret,
        PskSecret.none(SUITE), next);
    byte[] tag = EpochState.confirmationTag(SUITE, secrets.confirmationKey(), confirmed);
    if (spec.flipTag) {
      tag = flip(tag);
    }
    AuthenticatedContent authenticated = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content,
        new FramedContentAuthData(signature, Optional.of(tag)));
    return HandshakeFraming.protect(s, authenticated, 0, RANDOM);
  }

  /** alice's current epoch (white box, read by reflection: the forger needs its secrets). */
  private static EpochState state(Group group) {
    try {
      Field core = Group.class.getDeclaredField("core");
      core.setAccessible(true);
      Object groupCore = core.get(group);
      Method current = groupCore.getClass().getDeclaredMethod("current");
      current.setAccessible(true);
      return (EpochState) current.invoke(groupCore);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Key packages and leaves
  // ---------------------------------------------------------------------------------------------

  private static KeyPackageBundle fresh(String identity) {
    return bundle(identity);
  }

  /** A valid KeyPackage of {@code identity} with the given signature key pair. */
  private static KeyPackageBundle fresh(String identity, SignatureKeyPair keys) {
    return KeyPackageBundle.create(SUITE, new Credential.Basic(utf8(identity)), keys,
        java.time.InstantSource.system(), java.time.Duration.ofDays(1));
  }

  private static byte[] freshHpkeKey() {
    return SUITE.generateHpkeKeyPair().publicKey();
  }

  /**
   * A correctly signed KeyPackage with the given init and leaf keys and extensions; capabilities
   * list every extension type used. Lifetime: an hour ago to a day ahead.
   */
  private static KeyPackage handmade(byte[] initKey, byte[] encryptionKey, List<Extension> leafExtensions,
      List<Extension> keyPackageExtensions) {
    SignatureKeyPair signer = SUITE.generateSignatureKeyPair();
    Capabilities defaults = KeyPackageBundle.defaultCapabilities(SUITE);
    List<Integer> types = new ArrayList<>(defaults.extensions());
    for (Extension e : leafExtensions) {
      if (!types.contains(e.type())) {
        types.add(e.type());
      }
    }
    for (Extension e : keyPackageExtensions) {
      if (!types.contains(e.type())) {
        types.add(e.type());
      }
    }
    Capabilities caps = new Capabilities(defaults.versions(), defaults.cipherSuites(), types, defaults.proposals(),
        defaults.credentials());
    long now = Instant.now().getEpochSecond();
    LeafNode leaf = resigned(new LeafNode(encryptionKey, signer.publicKey(), new Credential.Basic(utf8("mallory")),
        caps, new LeafNodeSource.FromKeyPackage(new Lifetime(now - 3600, now + 86_400)), leafExtensions,
        new byte[0]), signer.privateKey(), null, -1);
    KeyPackage tbs = new KeyPackage(ProtocolVersion.MLS10, SUITE.id(), initKey, leaf, keyPackageExtensions,
        new byte[0]);
    return new KeyPackage(tbs.version(), tbs.cipherSuite(), tbs.initKey(), leaf, keyPackageExtensions,
        SUITE.signWithLabel(signer.privateKey(), "KeyPackageTBS", tbs.toBeSigned()));
  }

  /** {@code leaf} signed with {@code key}; {@code groupId} null for a key_package leaf. */
  private static LeafNode resigned(LeafNode leaf, SecretBytes key, byte[] groupId, int leafIndex) {
    byte[] tbs = groupId == null ? leaf.toBeSigned() : leaf.toBeSigned(groupId, leafIndex);
    return withSignature(leaf, SUITE.signWithLabel(key, "LeafNodeTBS", tbs));
  }

  private static LeafNode withSignature(LeafNode leaf, byte[] signature) {
    return new LeafNode(leaf.encryptionKey(), leaf.signatureKey(), leaf.credential(), leaf.capabilities(),
        leaf.source(), leaf.extensions(), signature);
  }

  private static byte[] flip(byte[] bytes) {
    byte[] copy = bytes.clone();
    copy[0] ^= 1;
    return copy;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
