package io.conclave.mls.tree;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.treemath.LeafIndex;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** §7.1: a received tree whose unmerged_leaves are not sorted in increasing order is refused. */
class UnmergedLeavesOrderTest {
  private final CipherSuite suite = CipherSuites.get(1);
  private final LeafNodeValidator validator =
      new LeafNodeValidator(suite, InstantSource.fixed(Instant.parse("2025-06-01T00:00:00Z")));

  @Test
  void unsortedUnmergedLeavesAreRefused() {
    TestGroup group = new TestGroup(suite);
    for (String name : List.of("b", "c", "d", "e", "f")) {
      group.add(name);
    }
    group.commit(new LeafIndex(0));
    // Leaves 6 and 7 join unmerged below the root, which leaf 0's commit set.
    group.add("g");
    group.add("h");
    TreeState tree = group.tree();
    assertThatCode(() -> TreeValidator.validate(tree, tree.treeHash(), TestGroup.GROUP_ID, List.of(), validator))
        .doesNotThrowAnyException();
    int root = tree.root();
    ParentNode p = tree.parent(root).orElseThrow();
    assertThat(p.unmergedLeaves()).hasSize(2);
    List<Optional<Node>> nodes = new ArrayList<>(tree.toRatchetTree().nodes());
    nodes.set(root, Optional.of(new Node.Parent(new ParentNode(p.encryptionKey(), p.parentHash(),
        List.of(p.unmergedLeaves().get(1), p.unmergedLeaves().get(0))))));
    TreeState tampered = TreeState.fromRatchetTree(suite, new RatchetTree(nodes));
    assertRule(() -> TreeValidator.validate(tampered, tampered.treeHash(), TestGroup.GROUP_ID, List.of(),
        validator), Rule.UNMERGED_LEAVES);
  }
}
