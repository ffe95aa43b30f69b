package io.conclave.mls.tree;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import io.conclave.mls.treemath.LeafIndex;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * tree-validation.json: for each tree, the resolution and tree hash of every node, parent-hash
 * validity of every parent (§7.9.2) and the signature of every leaf with the given group id; then
 * the whole join-time validation of §12.4.3.1 against the vector's root hash.
 */
class TreeValidationVectorTest {

  @Test
  void officialVectors() {
    Conformance.Tally tally = Conformance.start("tree-validation.json");
    JsonNode vectors = Vectors.mls("tree-validation.json");
    for (int i = 0; i < vectors.size(); i++) {
      JsonNode v = vectors.get(i);
      int suiteId = v.get("cipher_suite").asInt();
      if (!CipherSuites.isSupported(suiteId)) {
        tally.skipUnsupportedSuite();
        continue;
      }
      tally.check("entry " + i + " (suite " + suiteId + ")", () -> checkEntry(CipherSuites.get(suiteId), v));
    }
    tally.assertNoFailures();
  }

  private static void checkEntry(CipherSuite suite, JsonNode v) {
    RatchetTree wire = TlsReader.decodeFully(Vectors.hex(v.get("tree")), RatchetTree::decode);
    TreeState tree = TreeState.fromRatchetTree(suite, wire);
    assertThat(tree.toRatchetTree()).as("re-export").isEqualTo(wire);
    JsonNode resolutions = v.get("resolutions");
    JsonNode hashes = v.get("tree_hashes");
    assertThat(tree.nodeCount()).isEqualTo(hashes.size());
    for (int n = 0; n < tree.nodeCount(); n++) {
      List<Integer> expected = new ArrayList<>();
      resolutions.get(n).forEach(x -> expected.add(x.asInt()));
      assertThat(tree.resolution(n)).as("resolution(%d)", n).isEqualTo(expected);
      assertThat(tree.treeHash(n)).as("tree hash of node %d", n).isEqualTo(Vectors.hex(hashes.get(n)));
    }
    ParentHashes.verifyTree(tree);
    byte[] groupId = Vectors.hex(v.get("group_id"));
    LeafNodeValidator validator = new LeafNodeValidator(suite, InstantSource.fixed(Instant.EPOCH));
    for (LeafIndex leaf : tree.nonBlankLeaves()) {
      validator.verifySignature(tree.leaf(leaf).orElseThrow(), groupId, leaf);
    }
    TreeValidator.validate(tree, Vectors.hex(hashes.get(tree.root())), groupId, List.of(), validator);
  }
}
