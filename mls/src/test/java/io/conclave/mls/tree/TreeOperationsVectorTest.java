package io.conclave.mls.tree;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.Update;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import io.conclave.mls.treemath.LeafIndex;
import org.junit.jupiter.api.Test;

/**
 * tree-operations.json: the tree hash before, the tree after applying one Add, Update or Remove
 * (§12.1) byte for byte, and its tree hash.
 */
class TreeOperationsVectorTest {

  @Test
  void officialVectors() {
    Conformance.Tally tally = Conformance.start("tree-operations.json");
    JsonNode vectors = Vectors.mls("tree-operations.json");
    for (int i = 0; i < vectors.size(); i++) {
      JsonNode v = vectors.get(i);
      int suiteId = v.get("cipher_suite").asInt();
      if (!CipherSuites.isSupported(suiteId)) {
        tally.skipUnsupportedSuite();
        continue;
      }
      tally.check("entry " + i, () -> checkEntry(CipherSuites.get(suiteId), v));
    }
    tally.assertNoFailures();
  }

  private static void checkEntry(CipherSuite suite, JsonNode v) {
    TreeState tree = TreeState.fromRatchetTree(suite,
        TlsReader.decodeFully(Vectors.hex(v.get("tree_before")), RatchetTree::decode));
    assertThat(tree.treeHash()).as("tree hash before").isEqualTo(Vectors.hex(v.get("tree_hash_before")));
    Proposal proposal = TlsReader.decodeFully(Vectors.hex(v.get("proposal")), Proposal::decode);
    LeafIndex sender = new LeafIndex(v.get("proposal_sender").asInt());
    switch (proposal) {
      case Add add -> tree.addLeaf(add.keyPackage().leafNode());
      case Update update -> tree.updateLeaf(sender, update.leafNode());
      case Remove remove -> tree.removeLeaf(new LeafIndex((int) remove.removed()));
      default -> throw new AssertionError("unexpected proposal " + proposal);
    }
    assertThat(tree.toRatchetTree().toBytes()).as("tree after").isEqualTo(Vectors.hex(v.get("tree_after")));
    assertThat(tree.treeHash()).as("tree hash after").isEqualTo(Vectors.hex(v.get("tree_hash_after")));
  }
}
