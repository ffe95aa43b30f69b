package io.conclave.mls.treekem;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.CryptoException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.HpkeCiphertext;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.messages.UpdatePathNode;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.TestGroup;
import io.conclave.mls.tree.TestMember;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A small group run through TreeKEM (§7.4–§7.6, §12.4.3.1 path secrets) and the checks on received paths. */
class TreeKemTest {
  private final CipherSuite suite = CipherSuites.get(1);
  private final Map<LeafIndex, TestMember> members = new HashMap<>();
  private final Map<LeafIndex, TreePrivateKeys> keys = new HashMap<>();
  private TreeState tree;

  private static LeafIndex at(int i) {
    return new LeafIndex(i);
  }

  private GroupContext context(TreeState t) {
    return new GroupContext(1, suite.id(), TestGroup.GROUP_ID, 1, t.treeHash(), new byte[0], List.of());
  }

  /** Member 0 creates the group and adds 1..5 in one commit with a path; the joiners use the Welcome path secret. */
  @BeforeEach
  void createGroup() {
    TestMember first = TestMember.create(suite, "member 0");
    tree = TreeState.withFirstLeaf(suite, first.leaf());
    members.put(at(0), first);
    Set<LeafIndex> added = new HashSet<>();
    for (int i = 1; i <= 5; i++) {
      TestMember m = TestMember.create(suite, "member " + i);
      LeafIndex leaf = tree.addLeaf(m.leaf());
      members.put(leaf, m);
      added.add(leaf);
    }
    PreparedUpdatePath prepared = TreeKem.createUpdatePath(tree, at(0), first.leaf(),
        first.signatureKeys().privateKey(), TestGroup.GROUP_ID, added);
    UpdatePath path = prepared.encrypt(context(tree));
    assertThat(path.nodes()).allSatisfy(n -> assertThat(n.encryptedPathSecret()).isEmpty());
    keys.put(at(0), prepared.privateKeys());
    for (LeafIndex joiner : added) {
      TreePrivateKeys k = new TreePrivateKeys(suite, joiner, members.get(joiner).encryptionKeys());
      SecretBytes secret = prepared.pathSecretFor(joiner).orElseThrow();
      k.implantPathSecret(tree, TreeMath.commonAncestor(0, joiner.nodeIndex()), secret);
      secret.destroy();
      keys.put(joiner, k);
    }
    prepared.destroy();
  }

  /** Commits from {@code sender}; every other member merges, decrypts and installs the result. */
  private void commitAndProcess(LeafIndex sender) {
    TreeState committed = tree.copy();
    PreparedUpdatePath prepared = TreeKem.createUpdatePath(committed, sender, tree.leaf(sender).orElseThrow(),
        members.get(sender).signatureKeys().privateKey(), TestGroup.GROUP_ID, Set.of());
    UpdatePath path = prepared.encrypt(context(committed));
    for (LeafIndex member : tree.nonBlankLeaves()) {
      if (member.equals(sender)) {
        continue;
      }
      TreeState merged = tree.copy();
      TreeKem.mergeUpdatePath(merged, sender, path);
      assertThat(merged.treeHash()).isEqualTo(committed.treeHash());
      PathDecryption d = TreeKem.decryptUpdatePath(merged, keys.get(member), sender, path, context(merged), Set.of());
      assertThat(d.commitSecret().equalsConstantTime(prepared.commitSecret())).as("commit secret at %d", member.value()).isTrue();
      keys.get(member).apply(merged, d);
      assertThat(d.pathSecret().isDestroyed()).isTrue();
    }
    keys.put(sender, prepared.privateKeys());
    prepared.destroy();
    tree = committed;
    assertKeysMatchTree();
  }

  private void assertKeysMatchTree() {
    for (LeafIndex member : tree.nonBlankLeaves()) {
      TreePrivateKeys k = keys.get(member);
      assertThat(k.nodes()).contains(member.nodeIndex());
      for (int node : k.nodes()) {
        assertThat(k.keyPair(node).orElseThrow().publicKey()).isEqualTo(tree.encryptionKey(node).orElseThrow());
      }
    }
  }

  @Test
  void membersAgreeOnCommitSecretsAcrossCommitsAndRemoves() {
    assertKeysMatchTree();
    commitAndProcess(at(2));
    commitAndProcess(at(5));
    tree.removeLeaf(at(4));
    tree.removeLeaf(at(5));
    keys.remove(at(4)).destroy();
    keys.remove(at(5)).destroy();
    assertThat(tree.leafCount()).isEqualTo(4);
    keys.values().forEach(k -> k.forgetStale(tree));
    commitAndProcess(at(1));
    commitAndProcess(at(3));
  }

  @Test
  void wrongLeafParentHashIsRejected() {
    TreeState committed = tree.copy();
    TestMember sender = members.get(at(3));
    PreparedUpdatePath prepared = TreeKem.createUpdatePath(committed, at(3), tree.leaf(at(3)).orElseThrow(),
        sender.signatureKeys().privateKey(), TestGroup.GROUP_ID, Set.of());
    UpdatePath path = prepared.encrypt(context(committed));
    LeafNode leaf = path.leafNode();
    LeafNode bogus = new LeafNode(leaf.encryptionKey(), leaf.signatureKey(), leaf.credential(), leaf.capabilities(),
        new LeafNodeSource.FromCommit(new byte[32]), leaf.extensions(), new byte[0]);
    bogus = TestMember.signed(suite, bogus, sender.signatureKeys(), bogus.toBeSigned(TestGroup.GROUP_ID, 3));
    UpdatePath tampered = new UpdatePath(bogus, path.nodes());
    assertRule(() -> TreeKem.mergeUpdatePath(tree.copy(), at(3), tampered), Rule.PARENT_HASH);
  }

  @Test
  void malformedPathsAreRejectedBeforeTheTreeChanges() {
    TreeState committed = tree.copy();
    TestMember sender = members.get(at(3));
    PreparedUpdatePath prepared = TreeKem.createUpdatePath(committed, at(3), tree.leaf(at(3)).orElseThrow(),
        sender.signatureKeys().privateKey(), TestGroup.GROUP_ID, Set.of());
    UpdatePath path = prepared.encrypt(context(committed));
    byte[] before = tree.treeHash();

    UpdatePath shortPath = new UpdatePath(path.leafNode(), path.nodes().subList(0, path.nodes().size() - 1));
    assertRule(() -> TreeKem.mergeUpdatePath(tree, at(3), shortPath), Rule.UPDATE_PATH_SHAPE);

    UpdatePath updateLeaf = new UpdatePath(members.get(at(3)).leaf(), path.nodes());
    assertRule(() -> TreeKem.mergeUpdatePath(tree, at(3), updateLeaf), Rule.LEAF_SOURCE);

    List<UpdatePathNode> reused = new ArrayList<>(path.nodes());
    UpdatePathNode first = reused.getFirst();
    reused.set(0, new UpdatePathNode(tree.leaf(at(1)).orElseThrow().encryptionKey(), first.encryptedPathSecret()));
    assertRule(() -> TreeKem.mergeUpdatePath(tree, at(3), new UpdatePath(path.leafNode(), reused)),
        Rule.UNIQUE_ENCRYPTION_KEY);
    assertThat(tree.treeHash()).isEqualTo(before);
  }

  @Test
  void tamperedCiphertextFailsDecryption() {
    TreeState committed = tree.copy();
    TestMember sender = members.get(at(0));
    PreparedUpdatePath prepared = TreeKem.createUpdatePath(committed, at(0), tree.leaf(at(0)).orElseThrow(),
        sender.signatureKeys().privateKey(), TestGroup.GROUP_ID, Set.of());
    UpdatePath path = prepared.encrypt(context(committed));
    List<UpdatePathNode> nodes = new ArrayList<>(path.nodes());
    UpdatePathNode lowest = nodes.getFirst();
    HpkeCiphertext ct = lowest.encryptedPathSecret().getFirst();
    byte[] flipped = ct.ciphertext();
    flipped[0] ^= 1;
    nodes.set(0, new UpdatePathNode(lowest.encryptionKey(), List.of(new HpkeCiphertext(ct.kemOutput(), flipped))));
    UpdatePath tampered = new UpdatePath(path.leafNode(), nodes);
    TreeState merged = tree.copy();
    TreeKem.mergeUpdatePath(merged, at(0), tampered);
    assertThatThrownBy(() -> TreeKem.decryptUpdatePath(merged, keys.get(at(1)), at(0), tampered, context(merged), Set.of()))
        .isInstanceOf(CryptoException.class);
    GroupContext wrongContext = new GroupContext(1, suite.id(), TestGroup.GROUP_ID, 2, merged.treeHash(), new byte[0], List.of());
    assertThatThrownBy(() -> TreeKem.decryptUpdatePath(merged, keys.get(at(2)), at(0), path, wrongContext, Set.of()))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void pathSecretMustMatchTheTree() {
    TreePrivateKeys k = keys.get(at(1));
    assertRule(() -> k.setPathSecret(tree, 1, SecretBytes.wrap(new byte[32])), Rule.PATH_KEYS);
  }

}
