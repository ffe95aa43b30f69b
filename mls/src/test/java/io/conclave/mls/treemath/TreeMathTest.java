package io.conclave.mls.treemath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * tree-math.json: for each tree size, {@code n_nodes}, {@code root}, and per node its left and
 * right child, parent and sibling, where {@code null} means the node has none.
 */
class TreeMathTest {

  @Test
  void officialVectors() {
    Conformance.Tally tally = Conformance.start("tree-math.json");
    JsonNode vectors = Vectors.mls("tree-math.json");
    for (int i = 0; i < vectors.size(); i++) {
      JsonNode v = vectors.get(i);
      tally.check("entry " + i, () -> checkEntry(v));
    }
    tally.assertNoFailures();
  }

  private static void checkEntry(JsonNode v) {
    int n = v.get("n_leaves").asInt();
    int width = TreeMath.nodeWidth(n);
    assertThat(width).isEqualTo(v.get("n_nodes").asInt());
    assertThat(TreeMath.root(n)).isEqualTo(v.get("root").asInt());
    for (int x = 0; x < width; x++) {
      final int node = x;
      JsonNode left = v.get("left").get(x);
      JsonNode right = v.get("right").get(x);
      if (left.isNull()) {
        assertThatThrownBy(() -> TreeMath.left(node)).isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(TreeMath.left(x)).as("left(%d)", x).isEqualTo(left.asInt());
      }
      if (right.isNull()) {
        assertThatThrownBy(() -> TreeMath.right(node)).isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(TreeMath.right(x)).as("right(%d)", x).isEqualTo(right.asInt());
      }
      JsonNode parent = v.get("parent").get(x);
      JsonNode sibling = v.get("sibling").get(x);
      if (parent.isNull()) {
        assertThatThrownBy(() -> TreeMath.parent(node, n)).isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(TreeMath.parent(x, n)).as("parent(%d)", x).isEqualTo(parent.asInt());
      }
      if (sibling.isNull()) {
        assertThatThrownBy(() -> TreeMath.sibling(node, n)).isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(TreeMath.sibling(x, n)).as("sibling(%d)", x).isEqualTo(sibling.asInt());
      }
    }
  }

  @Test
  void eightLeafTreeOfAppendixC() {
    assertThat(TreeMath.nodeWidth(8)).isEqualTo(15);
    assertThat(TreeMath.root(8)).isEqualTo(7);
    assertThat(TreeMath.directPath(0, 8)).containsExactly(1, 3, 7);
    assertThat(TreeMath.copath(0, 8)).containsExactly(2, 5, 11);
    assertThat(TreeMath.directPath(7, 8)).isEmpty();
    assertThat(TreeMath.copath(7, 8)).isEmpty();
    assertThat(TreeMath.commonAncestor(0, 14)).isEqualTo(7);
    assertThat(TreeMath.commonAncestor(4, 6)).isEqualTo(5);
    assertThat(TreeMath.commonAncestor(8, 8)).isEqualTo(8);
    assertThat(TreeMath.commonAncestor(3, 4)).isEqualTo(3);
    assertThat(TreeMath.level(11)).isEqualTo(2);
  }

  @Test
  void leafAndNodeIndicesConvert() {
    assertThat(TreeMath.leafToNode(5)).isEqualTo(10);
    assertThat(TreeMath.nodeToLeaf(10)).isEqualTo(5);
    assertThat(LeafIndex.ofNode(6)).isEqualTo(new LeafIndex(3));
    assertThatThrownBy(() -> TreeMath.nodeToLeaf(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LeafIndex(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsTreesThatAreNotFull() {
    assertThatThrownBy(() -> TreeMath.root(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeMath.parent(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeMath.parent(7, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void commonAncestorIsLowestSharedNodeOfDirectPaths() {
    for (int n = 1; n <= 32; n <<= 1) {
      for (int x = 0; x < TreeMath.nodeWidth(n); x++) {
        Set<Integer> ancestorsOfX = withAncestors(x, n);
        for (int y = 0; y < TreeMath.nodeWidth(n); y++) {
          int lowest = -1;
          for (int z : withAncestorsInOrder(y, n)) {
            if (ancestorsOfX.contains(z)) {
              lowest = z;
              break;
            }
          }
          assertThat(TreeMath.commonAncestor(x, y)).as("commonAncestor(%d, %d)", x, y).isEqualTo(lowest);
        }
      }
    }
  }

  @Test
  void copathNodesAreSiblingsOfPathNodes() {
    for (int n = 1; n <= 256; n <<= 1) {
      for (int x = 0; x < TreeMath.nodeWidth(n); x++) {
        int[] path = TreeMath.directPath(x, n);
        int[] copath = TreeMath.copath(x, n);
        assertThat(copath).hasSameSizeAs(path);
        for (int i = 0; i < path.length; i++) {
          assertThat(TreeMath.parent(copath[i], n)).isEqualTo(path[i]);
          assertThat(copath[i]).isNotEqualTo(i == 0 ? x : path[i - 1]);
        }
        if (path.length > 0) {
          assertThat(path[path.length - 1]).isEqualTo(TreeMath.root(n));
        }
      }
    }
  }

  private static Set<Integer> withAncestors(int x, int n) {
    Set<Integer> s = new HashSet<>();
    for (int z : withAncestorsInOrder(x, n)) {
      s.add(z);
    }
    return s;
  }

  private static int[] withAncestorsInOrder(int x, int n) {
    int[] path = TreeMath.directPath(x, n);
    int[] all = new int[path.length + 1];
    all[0] = x;
    System.arraycopy(path, 0, all, 1, path.length);
    return all;
  }
}
