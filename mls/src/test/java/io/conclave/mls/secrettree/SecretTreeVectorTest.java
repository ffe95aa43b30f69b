package io.conclave.mls.secrettree;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import io.conclave.mls.treemath.LeafIndex;
import org.junit.jupiter.api.Test;

/**
 * secret-tree.json: the sender-data key and nonce for a ciphertext sample, and for a tree with as
 * many leaves as the {@code leaves} array, each leaf's handshake and application key and nonce at
 * the listed generations (received in increasing order, skipping the ones in between).
 */
class SecretTreeVectorTest {

  @Test
  void officialVectors() {
    Conformance.Tally tally = Conformance.start("secret-tree.json");
    JsonNode vectors = Vectors.mls("secret-tree.json");
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
    JsonNode senderData = v.get("sender_data");
    SecretBytes senderDataSecret = SecretBytes.wrap(Vectors.hex(senderData.get("sender_data_secret")));
    byte[] ciphertext = Vectors.hex(senderData.get("ciphertext"));
    assertThat(SenderDataKeys.key(suite, senderDataSecret, ciphertext).copy())
        .as("sender data key").isEqualTo(Vectors.hex(senderData.get("key")));
    assertThat(SenderDataKeys.nonce(suite, senderDataSecret, ciphertext).copy())
        .as("sender data nonce").isEqualTo(Vectors.hex(senderData.get("nonce")));

    JsonNode leaves = v.get("leaves");
    SecretTree tree = new SecretTree(suite, SecretBytes.wrap(Vectors.hex(v.get("encryption_secret"))), leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      LeafIndex leaf = new LeafIndex(i);
      for (JsonNode g : leaves.get(i)) {
        long generation = g.get("generation").asLong();
        RatchetKey hs = tree.ratchet(leaf, RatchetType.HANDSHAKE).keyFor(generation);
        RatchetKey app = tree.ratchet(leaf, RatchetType.APPLICATION).keyFor(generation);
        String at = "leaf " + i + " generation " + generation;
        assertThat(hs.generation()).isEqualTo(generation);
        assertThat(hs.key().copy()).as("handshake key, " + at).isEqualTo(Vectors.hex(g.get("handshake_key")));
        assertThat(hs.nonce().copy()).as("handshake nonce, " + at).isEqualTo(Vectors.hex(g.get("handshake_nonce")));
        assertThat(app.key().copy()).as("application key, " + at).isEqualTo(Vectors.hex(g.get("application_key")));
        assertThat(app.nonce().copy()).as("application nonce, " + at)
            .isEqualTo(Vectors.hex(g.get("application_nonce")));
      }
    }
    tree.destroy();
  }
}
