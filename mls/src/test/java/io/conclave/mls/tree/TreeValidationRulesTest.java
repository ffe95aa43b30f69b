package io.conclave.mls.tree;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.conclave.mls.credential.Certificate;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.RequiredCapabilities;
import io.conclave.mls.treemath.LeafIndex;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each rule of §7.3, §7.9 and §12.4.3.1 rejects a tree or leaf that breaks it, with its own rule id. */
class TreeValidationRulesTest {
  private static final InstantSource NOW = InstantSource.fixed(Instant.parse("2025-06-01T00:00:00Z"));

  private final CipherSuite suite = CipherSuites.get(1);
  private final LeafNodeValidator validator = new LeafNodeValidator(suite, NOW);
  private TestGroup group;

  /** Five members, a commit from 0, a sixth member (unmerged), a commit from 2, a seventh member. */
  @BeforeEach
  void growGroup() {
    group = new TestGroup(suite);
    for (int i = 1; i <= 4; i++) {
      group.add("member " + i);
    }
    group.commit(new LeafIndex(0));
    group.add("member 5");
    group.commit(new LeafIndex(2));
    group.add("member 6");
  }

  private void validate(TreeState tree, List<Extension> extensions) {
    TreeValidator.validate(tree, tree.treeHash(), TestGroup.GROUP_ID, extensions, validator);
  }

  @Test
  void grownTreeIsValidAndRoundTrips() {
    TreeState tree = group.tree();
    assertThatCode(() -> validate(tree, List.of())).doesNotThrowAnyException();
    TreeState imported = TreeState.fromRatchetTree(suite, tree.toRatchetTree());
    assertThat(imported.treeHash()).isEqualTo(tree.treeHash());
    assertThatCode(() -> validate(imported, List.of())).doesNotThrowAnyException();
  }

  @Test
  void wrongTreeHash() {
    TreeState tree = group.tree();
    byte[] wrong = tree.treeHash();
    wrong[0] ^= 1;
    assertRule(() -> TreeValidator.validate(tree, wrong, TestGroup.GROUP_ID, List.of(), validator), Rule.TREE_HASH);
  }

  @Test
  void wrongParentHash() {
    List<Optional<Node>> nodes = new ArrayList<>(group.tree().toRatchetTree().nodes());
    int root = group.tree().root();
    ParentNode p = group.tree().parent(root).orElseThrow();
    byte[] ph = p.parentHash();
    int target = root;
    // The root's parent hash is empty; tamper with the first non-root parent that has one.
    for (int n = 1; ph.length == 0; n += 2) {
      Optional<ParentNode> q = group.tree().parent(n);
      if (q.isPresent() && q.get().parentHash().length > 0) {
        target = n;
        p = q.get();
        ph = p.parentHash();
      }
    }
    ph[0] ^= 1;
    nodes.set(target, Optional.of(new Node.Parent(new ParentNode(p.encryptionKey(), ph, p.unmergedLeaves()))));
    TreeState tampered = TreeState.fromRatchetTree(suite, new RatchetTree(nodes));
    assertRule(() -> validate(tampered, List.of()), Rule.PARENT_HASH);
  }

  @Test
  void duplicateEncryptionKey() {
    TestMember existing = group.member(new LeafIndex(1));
    TestMember copycat = TestMember.create(suite, "copycat", suite.generateSignatureKeyPair(),
        existing.encryptionKeys(), TestMember.FOREVER, TestMember.defaultCapabilities(suite), List.of(),
        new Credential.Basic(new byte[] {1}));
    TreeState tree = group.tree();
    assertRule(() -> validator.validateForGroup(copycat.leaf(), tree, new LeafIndex(7), TestGroup.GROUP_ID, List.of()),
        Rule.UNIQUE_ENCRYPTION_KEY);
    group.add(copycat);
    assertRule(() -> validate(tree, List.of()), Rule.UNIQUE_ENCRYPTION_KEY);
  }

  @Test
  void duplicateSignatureKey() {
    TestMember existing = group.member(new LeafIndex(3));
    TestMember copycat = TestMember.create(suite, "copycat", existing.signatureKeys(), suite.generateHpkeKeyPair(),
        TestMember.FOREVER, TestMember.defaultCapabilities(suite), List.of(), new Credential.Basic(new byte[] {1}));
    TreeState tree = group.tree();
    assertRule(() -> validator.validateForGroup(copycat.leaf(), tree, new LeafIndex(7), TestGroup.GROUP_ID, List.of()),
        Rule.UNIQUE_SIGNATURE_KEY);
    group.add(copycat);
    assertRule(() -> validate(tree, List.of()), Rule.UNIQUE_SIGNATURE_KEY);
  }

  @Test
  void badLeafSignature() {
    LeafNode good = TestMember.create(suite, "forger").leaf();
    byte[] signature = good.signature();
    signature[5] ^= 1;
    LeafNode forged = new LeafNode(good.encryptionKey(), good.signatureKey(), good.credential(), good.capabilities(),
        good.source(), good.extensions(), signature);
    TreeState tree = group.tree();
    assertRule(() -> validator.validateForGroup(forged, tree, new LeafIndex(7), TestGroup.GROUP_ID, List.of()),
        Rule.LEAF_SIGNATURE);
    tree.addLeaf(forged);
    assertRule(() -> validate(tree, List.of()), Rule.LEAF_SIGNATURE);
  }

  @Test
  void commitLeafIsBoundToGroupAndPosition() {
    LeafIndex committer = new LeafIndex(2);
    LeafNode leaf = group.tree().leaf(committer).orElseThrow();
    assertThatCode(() -> validator.verifySignature(leaf, TestGroup.GROUP_ID, committer)).doesNotThrowAnyException();
    assertRule(() -> validator.verifySignature(leaf, TestGroup.GROUP_ID, new LeafIndex(3)), Rule.LEAF_SIGNATURE);
    assertRule(() -> validator.verifySignature(leaf, new byte[] {9}, committer), Rule.LEAF_SIGNATURE);
  }

  @Test
  void unsupportedRequiredCapability() {
    Extension required = new RequiredCapabilities(List.of(0xff00), List.of(), List.of()).toExtension();
    assertRule(() -> validate(group.tree(), List.of(required)), Rule.REQUIRED_CAPABILITIES);
    Extension defaults = new RequiredCapabilities(List.of(2, 3), List.of(1, 7), List.of(1)).toExtension();
    assertThatCode(() -> validate(group.tree(), List.of(defaults))).doesNotThrowAnyException();
  }

  @Test
  void extensionNotInOwnCapabilities() {
    TestMember member = TestMember.create(suite, "extended", suite.generateSignatureKeyPair(),
        suite.generateHpkeKeyPair(), TestMember.FOREVER, TestMember.defaultCapabilities(suite),
        List.of(new Extension(0xff01, new byte[] {1})), new Credential.Basic(new byte[] {2}));
    assertRule(() -> validator.verifyOwnCapabilities(member.leaf()), Rule.LEAF_CAPABILITIES);
  }

  @Test
  void credentialTypeNotSupportedByMembers() {
    Capabilities both = new Capabilities(List.of(1), List.of(1), List.of(), List.of(), List.of(1, 2));
    TestMember x509 = TestMember.create(suite, "x509", suite.generateSignatureKeyPair(), suite.generateHpkeKeyPair(),
        TestMember.FOREVER, both, List.of(), new Credential.X509(List.of(new Certificate(new byte[] {0x30}))));
    assertRule(() -> validator.validateForGroup(x509.leaf(), group.tree(), new LeafIndex(7), TestGroup.GROUP_ID, List.of()),
        Rule.CREDENTIAL_TYPES);
  }

  @Test
  void lifetimeOutsideItsWindow() {
    for (Lifetime lifetime : List.of(new Lifetime(1, 1000), new Lifetime(NOW.instant().getEpochSecond() + 60, -1L))) {
      TestMember member = TestMember.create(suite, "late", suite.generateSignatureKeyPair(), suite.generateHpkeKeyPair(),
          lifetime, TestMember.defaultCapabilities(suite), List.of(), new Credential.Basic(new byte[] {3}));
      assertRule(() -> validator.validateForGroup(member.leaf(), group.tree(), new LeafIndex(7), TestGroup.GROUP_ID,
          List.of()), Rule.LIFETIME);
    }
  }

  @Test
  void leafSourceMustFitItsPlace() {
    LeafNode keyPackageLeaf = group.member(new LeafIndex(6)).leaf();
    assertRule(() -> LeafNodeValidator.verifySource(keyPackageLeaf, LeafNodeSource.FromCommit.class), Rule.LEAF_SOURCE);
    assertThatCode(() -> LeafNodeValidator.verifySource(keyPackageLeaf, LeafNodeSource.FromKeyPackage.class))
        .doesNotThrowAnyException();
  }
}
