package io.conclave.mls.treekem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.HpkeCiphertext;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeValidator;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * treekem.json: import each member's private state and check it against the tree; process every
 * UpdatePath at every other member (path secret, commit secret, tree hash after); then create a
 * fresh UpdatePath from each sender and check every other member derives the same commit secret.
 */
class TreeKemVectorTest {

  @Test
  void officialVectors() {
    Conformance.Tally tally = Conformance.start("treekem.json");
    JsonNode vectors = Vectors.mls("treekem.json");
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

  private record Member(TreePrivateKeys keys, SecretBytes signaturePrivateKey) {}

  private static void checkEntry(CipherSuite suite, JsonNode v) {
    TreeState tree = TreeState.fromRatchetTree(suite,
        TlsReader.decodeFully(Vectors.hex(v.get("ratchet_tree")), RatchetTree::decode));
    byte[] groupId = Vectors.hex(v.get("group_id"));
    long epoch = v.get("epoch").asLong();
    byte[] transcript = Vectors.hex(v.get("confirmed_transcript_hash"));
    Map<Integer, Member> members = importMembers(suite, tree, v.get("leaves_private"));

    for (JsonNode up : v.get("update_paths")) {
      LeafIndex sender = new LeafIndex(up.get("sender").asInt());
      UpdatePath path = TlsReader.decodeFully(Vectors.hex(up.get("update_path")), UpdatePath::decode);
      TreeState merged = tree.copy();
      TreeKem.mergeUpdatePath(merged, sender, path);
      new LeafNodeValidator(suite, InstantSource.system()).verifySignature(path.leafNode(), groupId, sender);
      assertThat(merged.treeHash()).as("tree hash after path of %d", sender.value())
          .isEqualTo(Vectors.hex(up.get("tree_hash_after")));
      GroupContext context = new GroupContext(1, suite.id(), groupId, epoch, merged.treeHash(), transcript, List.of());
      for (Map.Entry<Integer, Member> e : members.entrySet()) {
        if (e.getKey() == sender.value()) {
          continue;
        }
        PathDecryption d = TreeKem.decryptUpdatePath(merged, e.getValue().keys(), sender, path, context, Set.of());
        assertThat(d.pathSecret().copy()).as("path secret at %d", e.getKey())
            .isEqualTo(Vectors.hex(up.get("path_secrets").get(e.getKey())));
        assertThat(d.commitSecret().copy()).as("commit secret at %d", e.getKey())
            .isEqualTo(Vectors.hex(up.get("commit_secret")));
        d.destroy();
      }
      createOwnPath(tree, members, sender, groupId, epoch, transcript);
    }
  }

  private static void createOwnPath(TreeState tree, Map<Integer, Member> members, LeafIndex sender,
      byte[] groupId, long epoch, byte[] transcript) {
    CipherSuite suite = tree.cipherSuite();
    TreeState committed = tree.copy();
    LeafNode template = tree.leaf(sender).orElseThrow();
    PreparedUpdatePath prepared = TreeKem.createUpdatePath(committed, sender, template,
        members.get(sender.value()).signaturePrivateKey(), groupId, Set.of());
    GroupContext context = new GroupContext(1, suite.id(), groupId, epoch, committed.treeHash(), transcript, List.of());
    UpdatePath path = prepared.encrypt(context);
    new LeafNodeValidator(suite, InstantSource.system()).verifySignature(path.leafNode(), groupId, sender);
    for (Map.Entry<Integer, Member> e : members.entrySet()) {
      if (e.getKey() == sender.value()) {
        continue;
      }
      TreeState merged = tree.copy();
      TreeKem.mergeUpdatePath(merged, sender, path);
      assertThat(merged.toRatchetTree()).isEqualTo(committed.toRatchetTree());
      assertThat(merged.treeHash()).isEqualTo(committed.treeHash());
      PathDecryption d = TreeKem.decryptUpdatePath(merged, e.getValue().keys(), sender, path, context, Set.of());
      assertThat(d.commitSecret().equalsConstantTime(prepared.commitSecret()))
          .as("commit secret of own path from %d at %d", sender.value(), e.getKey()).isTrue();
      d.destroy();
    }
    prepared.destroy();
    prepared.privateKeys().destroy();
  }

  private static Map<Integer, Member> importMembers(CipherSuite suite, TreeState tree, JsonNode leaves) {
    Map<Integer, Member> members = new HashMap<>();
    for (JsonNode lp : leaves) {
      LeafIndex index = new LeafIndex(lp.get("index").asInt());
      LeafNode leaf = tree.leaf(index).orElseThrow();
      HpkeKeyPair leafKeys = new HpkeKeyPair(SecretBytes.wrap(Vectors.hex(lp.get("encryption_priv"))),
          leaf.encryptionKey());
      assertPrivateKeyMatches(suite, leafKeys);
      SecretBytes signaturePrivateKey = SecretBytes.wrap(Vectors.hex(lp.get("signature_priv")));
      assertThat(suite.signaturePublicKey(signaturePrivateKey)).isEqualTo(leaf.signatureKey());
      TreePrivateKeys keys = new TreePrivateKeys(suite, index, leafKeys);
      for (JsonNode ps : lp.get("path_secrets")) {
        keys.setPathSecret(tree, ps.get("node").asInt(), SecretBytes.wrap(Vectors.hex(ps.get("path_secret"))));
      }
      members.put(index.value(), new Member(keys, signaturePrivateKey));
    }
    return members;
  }

  /** The suite API has no "public key of this private key", so prove the pair with a round trip. */
  private static void assertPrivateKeyMatches(CipherSuite suite, HpkeKeyPair pair) {
    byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
    HpkeCiphertext ct = suite.hpkeSeal(pair.publicKey(), new byte[0], new byte[0], probe);
    assertThat(suite.hpkeOpen(pair.privateKey(), ct, new byte[0], new byte[0])).isEqualTo(probe);
  }
}
