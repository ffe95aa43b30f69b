package io.conclave.mls.crypto;

import static io.conclave.mls.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import org.junit.jupiter.api.Test;

/**
 * The crypto-basics vectors (mls-test-vectors/test-vectors.md, "Crypto Basics"): per cipher suite,
 * RefHash (RFC 9420 §5.2), ExpandWithLabel, DeriveSecret (§8), DeriveTreeSecret (§9),
 * SignWithLabel (§5.1.2) and EncryptWithLabel (§5.1.3). Signing and encryption are randomized, so
 * for those the given output is checked and a fresh one round-trips.
 */
class CryptoBasicsVectorTest {

  @Test
  void everyEntry() {
    Conformance.Tally tally = Conformance.start("crypto-basics.json");
    int index = 0;
    for (JsonNode entry : Vectors.mls("crypto-basics.json")) {
      int suiteId = entry.get("cipher_suite").asInt();
      if (!CipherSuites.isSupported(suiteId)) {
        tally.skipUnsupportedSuite();
      } else {
        CipherSuite suite = CipherSuites.get(suiteId);
        tally.check("entry " + index + " (suite " + suiteId + ")", () -> checkEntry(suite, entry));
      }
      index++;
    }
    tally.assertNoFailures();
  }

  private static void checkEntry(CipherSuite suite, JsonNode entry) {
    JsonNode refHash = entry.get("ref_hash");
    assertThat(suite.refHash(refHash.get("label").asText(), hex(refHash.get("value"))))
        .as("ref_hash").isEqualTo(hex(refHash.get("out")));

    JsonNode expand = entry.get("expand_with_label");
    assertThat(suite.expandWithLabel(hex(expand.get("secret")), expand.get("label").asText(),
        hex(expand.get("context")), expand.get("length").asInt()))
        .as("expand_with_label").isEqualTo(hex(expand.get("out")));

    JsonNode derive = entry.get("derive_secret");
    assertThat(suite.deriveSecret(hex(derive.get("secret")), derive.get("label").asText()))
        .as("derive_secret").isEqualTo(hex(derive.get("out")));

    JsonNode tree = entry.get("derive_tree_secret");
    assertThat(suite.deriveTreeSecret(hex(tree.get("secret")), tree.get("label").asText(),
        tree.get("generation").asLong(), tree.get("length").asInt()))
        .as("derive_tree_secret").isEqualTo(hex(tree.get("out")));

    checkSignWithLabel(suite, entry.get("sign_with_label"));
    checkEncryptWithLabel(suite, entry.get("encrypt_with_label"));
  }

  private static void checkSignWithLabel(CipherSuite suite, JsonNode v) {
    SecretBytes priv = SecretBytes.wrap(hex(v.get("priv")));
    byte[] pub = hex(v.get("pub"));
    String label = v.get("label").asText();
    byte[] content = hex(v.get("content"));
    assertThat(suite.signaturePublicKey(priv)).as("public key of priv").isEqualTo(pub);
    assertThat(suite.verifyWithLabel(pub, label, content, hex(v.get("signature"))))
        .as("verify given signature").isTrue();
    byte[] own = suite.signWithLabel(priv, label, content);
    assertThat(suite.verifyWithLabel(pub, label, content, own)).as("verify own signature").isTrue();
    assertThat(suite.verifyWithLabel(pub, label + "x", content, own)).as("verify under other label").isFalse();
  }

  private static void checkEncryptWithLabel(CipherSuite suite, JsonNode v) {
    SecretBytes priv = SecretBytes.wrap(hex(v.get("priv")));
    byte[] pub = hex(v.get("pub"));
    String label = v.get("label").asText();
    byte[] context = hex(v.get("context"));
    byte[] plaintext = hex(v.get("plaintext"));
    HpkeCiphertext given = new HpkeCiphertext(hex(v.get("kem_output")), hex(v.get("ciphertext")));
    assertThat(suite.decryptWithLabel(priv, label, context, given)).as("decrypt given").isEqualTo(plaintext);
    HpkeCiphertext own = suite.encryptWithLabel(pub, label, context, plaintext);
    assertThat(suite.decryptWithLabel(priv, label, context, own)).as("decrypt own").isEqualTo(plaintext);
  }
}
