package io.conclave.mls.tree;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.treemath.LeafIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tree operations (§7.7, §12.1), resolutions and filtered direct paths (§4.1.2), import rules (§12.4.3.3). */
class TreeStateTest {
  private final CipherSuite suite = CipherSuites.get(1);

  private LeafNode leaf(String name) {
    return TestMember.create(suite, name).leaf();
  }

  private Optional<Node> parent(Long... unmerged) {
    return Optional.of(new Node.Parent(new ParentNode(suite.generateHpkeKeyPair().publicKey(), new byte[0], List.of(unmerged))));
  }

  private Optional<Node> leafNode(String name) {
    return Optional.of(new Node.Leaf(leaf(name)));
  }

  private static LeafIndex at(int i) {
    return new LeafIndex(i);
  }

  /** The five-member tree of RFC 9420 §4.1.2 (A B _ _ E F G _; T, X, Y, W set; U, V, Z blank). */
  private TreeState figureTree() {
    List<Optional<Node>> nodes = new ArrayList<>(Collections.nCopies(15, Optional.empty()));
    nodes.set(0, leafNode("A"));
    nodes.set(2, leafNode("B"));
    nodes.set(8, leafNode("E"));
    nodes.set(10, leafNode("F"));
    nodes.set(12, leafNode("G"));
    nodes.set(1, parent());
    nodes.set(9, parent());
    nodes.set(11, parent());
    nodes.set(7, parent());
    return TreeState.fromRatchetTree(suite, new RatchetTree(nodes.subList(0, 13)));
  }

  @Test
  void filteredDirectPathsOfTheRfcExample() {
    TreeState tree = figureTree();
    assertThat(tree.leafCount()).isEqualTo(8);
    assertThat(tree.filteredDirectPath(at(0))).containsExactly(1, 7);
    assertThat(tree.filteredDirectPath(at(1))).containsExactly(1, 7);
    assertThat(tree.filteredDirectPath(at(2 + 2))).containsExactly(9, 11, 7);
    assertThat(tree.filteredDirectPath(at(6))).containsExactly(11, 7);
    assertThat(tree.resolution(3)).containsExactly(1);
    assertThat(tree.resolution(13)).containsExactly(12);
    assertThat(tree.resolution(5)).isEmpty();
  }

  @Test
  void addTakesLeftmostBlankThenExtendsAndMarksUnmerged() {
    TreeState tree = figureTree();
    assertThat(tree.addLeaf(leaf("C"))).isEqualTo(at(2));
    assertThat(tree.parent(7).orElseThrow().unmergedLeaves()).containsExactly(2L);
    assertThat(tree.parent(1).orElseThrow().unmergedLeaves()).isEmpty();
    assertThat(tree.resolution(3)).containsExactly(1, 4);
    assertThat(tree.addLeaf(leaf("D"))).isEqualTo(at(3));
    assertThat(tree.addLeaf(leaf("H"))).isEqualTo(at(7));
    assertThat(tree.parent(11).orElseThrow().unmergedLeaves()).containsExactly(7L);
    assertThat(tree.parent(7).orElseThrow().unmergedLeaves()).containsExactly(2L, 3L, 7L);
    assertThat(tree.addLeaf(leaf("I"))).isEqualTo(at(8));
    assertThat(tree.leafCount()).isEqualTo(16);
    assertThat(tree.root()).isEqualTo(15);
    assertThat(tree.isBlank(15)).isTrue();
  }

  @Test
  void removeBlanksThePathAndTruncates() {
    TreeState tree = figureTree();
    tree.removeLeaf(at(6));
    assertThat(tree.isBlank(11)).isTrue();
    assertThat(tree.isBlank(7)).isTrue();
    assertThat(tree.leafCount()).isEqualTo(8);
    tree.removeLeaf(at(4));
    tree.removeLeaf(at(5));
    assertThat(tree.leafCount()).isEqualTo(2);
    assertThat(tree.nodeCount()).isEqualTo(3);
    assertThat(tree.parent(1)).isPresent();
    assertThat(tree.toRatchetTree().nodes()).hasSize(3);
    assertRule(() -> tree.removeLeaf(at(3)), Rule.LEAF_INDEX);
  }

  @Test
  void updateBlanksTheDirectPath() {
    TreeState tree = figureTree();
    tree.updateLeaf(at(5), leaf("F2"));
    assertThat(tree.isBlank(9)).isTrue();
    assertThat(tree.isBlank(11)).isTrue();
    assertThat(tree.isBlank(7)).isTrue();
    assertThat(tree.parent(1)).isPresent();
  }

  @Test
  void cachedTreeHashesMatchAFreshComputation() {
    Random random = new Random(7);
    TreeState tree = figureTree();
    List<LeafIndex> members = new ArrayList<>(tree.nonBlankLeaves());
    for (int step = 0; step < 60; step++) {
      int op = random.nextInt(3);
      if (op == 0 || members.size() < 2) {
        members.add(tree.addLeaf(leaf("m" + step)));
      } else if (op == 1) {
        tree.removeLeaf(members.remove(random.nextInt(members.size())));
      } else {
        tree.updateLeaf(members.get(random.nextInt(members.size())), leaf("u" + step));
      }
      TreeState fresh = TreeState.fromRatchetTree(suite, tree.toRatchetTree());
      assertThat(tree.treeHash()).as("after step %d", step).isEqualTo(fresh.treeHash());
    }
  }

  @Test
  void importRejectsBadShapes() {
    assertRule(() -> TreeState.fromRatchetTree(suite, new RatchetTree(List.of())), Rule.TREE_SHAPE);
    assertRule(() -> TreeState.fromRatchetTree(suite,
        new RatchetTree(List.of(leafNode("A"), Optional.empty(), leafNode("B"), Optional.empty()))), Rule.TREE_SHAPE);
    assertRule(() -> TreeState.fromRatchetTree(suite,
        new RatchetTree(List.of(leafNode("A"), leafNode("B"), leafNode("C")))), Rule.TREE_SHAPE);
    assertRule(() -> TreeState.fromRatchetTree(suite,
        new RatchetTree(List.of(leafNode("A"), parent(2L), leafNode("B")))), Rule.UNMERGED_LEAVES);
  }

  /** §12.4.3.1: only non-blank nodes strictly between the leaf and the listing ancestor must list it. */
  @Test
  void unmergedLeavesMustBeListedBetweenLeafAndAncestor() {
    List<Optional<Node>> nodes = new ArrayList<>(Collections.nCopies(7, Optional.empty()));
    nodes.set(0, leafNode("A"));
    nodes.set(2, leafNode("B"));
    nodes.set(4, leafNode("C"));
    nodes.set(1, parent(0L));
    nodes.set(3, parent());
    TreeState lowerOnly = TreeState.fromRatchetTree(suite, new RatchetTree(nodes.subList(0, 5)));
    assertThatCode(() -> TreeValidator.verifyUnmergedLeaves(lowerOnly)).doesNotThrowAnyException();

    nodes.set(1, parent());
    nodes.set(3, parent(0L));
    TreeState gap = TreeState.fromRatchetTree(suite, new RatchetTree(nodes.subList(0, 5)));
    assertRule(() -> TreeValidator.verifyUnmergedLeaves(gap), Rule.UNMERGED_LEAVES);

    nodes.set(1, Optional.empty());
    TreeState blankBetween = TreeState.fromRatchetTree(suite, new RatchetTree(nodes.subList(0, 5)));
    assertThatCode(() -> TreeValidator.verifyUnmergedLeaves(blankBetween)).doesNotThrowAnyException();

    nodes.set(0, Optional.empty());
    TreeState blankLeaf = TreeState.fromRatchetTree(suite, new RatchetTree(nodes.subList(0, 5)));
    assertRule(() -> TreeValidator.verifyUnmergedLeaves(blankLeaf), Rule.UNMERGED_LEAVES);
  }
}
