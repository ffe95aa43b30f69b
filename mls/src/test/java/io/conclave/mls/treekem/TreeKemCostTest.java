package io.conclave.mls.treekem;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.Node;
import io.conclave.mls.tree.ParentNode;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TestGroup;
import io.conclave.mls.tree.TestMember;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A Remove commit in a 1,000-member group, created by one member and processed by another: the
 * tree work is {@code O(log n)} hashes (counted, so the check does not depend on machine load) plus
 * one linear key scan. Time is measured by JMH ({@code GroupOperationsBenchmark}), not here. The tree is built directly
 * with every parent populated, as in a group where members commit regularly.
 */
class TreeKemCostTest {
  private static final int MEMBERS = 1000;

  private final CountingSuite suite = new CountingSuite(CipherSuites.get(1));

  @Test
  void removeCommitInThousandMemberGroup() {
    List<Optional<Node>> nodes = new ArrayList<>();
    TestMember committer = null;
    TreePrivateKeys receiver = null;
    List<HpkeKeyPair> parentKeys = new ArrayList<>();
    int width = TreeMath.nodeWidth(1024);
    for (int n = 0; n < width; n++) {
      if (TreeMath.isLeaf(n)) {
        if (n / 2 < MEMBERS) {
          TestMember m = TestMember.create(suite, "member " + n / 2);
          nodes.add(Optional.of(new Node.Leaf(m.leaf())));
          if (n == 0) {
            committer = m;
          } else if (n == 2) {
            receiver = new TreePrivateKeys(suite, new LeafIndex(1), m.encryptionKeys());
          }
        } else {
          nodes.add(Optional.empty());
        }
        parentKeys.add(null);
      } else {
        int firstLeafNode = n - ((1 << TreeMath.level(n)) - 1);
        HpkeKeyPair pair = firstLeafNode / 2 < MEMBERS ? suite.generateHpkeKeyPair() : null;
        parentKeys.add(pair);
        nodes.add(pair == null ? Optional.empty()
            : Optional.of(new Node.Parent(new ParentNode(pair.publicKey(), new byte[0], List.of()))));
      }
    }
    while (nodes.getLast().isEmpty()) {
      nodes.removeLast();
    }
    TreeState base = TreeState.fromRatchetTree(suite, new RatchetTree(nodes));
    for (int p : TreeMath.directPath(2, 1024)) {
      receiver.setKeyPair(p, parentKeys.get(p));
    }
    base.treeHash();

    LeafIndex removed = new LeafIndex(777);
    for (int round = 0; round < 3; round++) {
      suite.reset();
      TreeState committed = base.copy();
      committed.removeLeaf(removed);
      PreparedUpdatePath prepared = TreeKem.createUpdatePath(committed, new LeafIndex(0), base.leaf(new LeafIndex(0)).orElseThrow(),
          committer.signatureKeys().privateKey(), TestGroup.GROUP_ID, Set.of());
      UpdatePath path = prepared.encrypt(context(committed));
      int createHashes = suite.hashes;
      int seals = suite.hpkeSeals;
      suite.reset();
      TreeState merged = base.copy();
      merged.removeLeaf(removed);
      TreeKem.mergeUpdatePath(merged, new LeafIndex(0), path);
      PathDecryption d = TreeKem.decryptUpdatePath(merged, receiver, new LeafIndex(0), path, context(merged), Set.of());
      // Two direct paths of 10 nodes: a few dozen hashes, not a pass over 2,000 nodes.
      assertThat(createHashes).as("hashes to create").isLessThan(80);
      assertThat(suite.hashes).as("hashes to process").isLessThan(80);
      assertThat(seals).as("HPKE encryptions").isLessThan(30);
      assertThat(suite.hpkeOpens).as("HPKE decryptions").isEqualTo(1);
      assertThat(d.commitSecret().equalsConstantTime(prepared.commitSecret())).isTrue();
      d.destroy();
      prepared.destroy();
      prepared.privateKeys().destroy();
    }
  }

  private GroupContext context(TreeState tree) {
    return new GroupContext(1, suite.id(), TestGroup.GROUP_ID, 5, tree.treeHash(), new byte[32], List.of());
  }
}
