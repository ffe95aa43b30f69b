package io.conclave.mls.crypto;

import static io.conclave.mls.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.junit.jupiter.api.Test;

/**
 * The RFC 9180 test vectors (Appendix A) for every KEM/KDF/AEAD combination an implemented MLS
 * cipher suite uses; other combinations count as unsupported.
 *
 * <p>Base mode, the one MLS uses (RFC 9420 §5.1.3), runs through {@link Hpke}: DeriveKeyPair
 * (§7.1.3), SetupBaseS with the vector's ephemeral key must give the exact {@code enc} and every
 * ciphertext in sequence (§5.2), SetupBaseR must open them, and both contexts must export the
 * given values (§5.3). The PSK and Auth modes (§5.1.2–§5.1.4) are not used by MLS and not offered
 * by {@link Hpke}; for them the keys are still derived through {@link Hpke}, and Bouncy Castle's
 * receiver must open every ciphertext and export the given values (its sender takes no fixed
 * ephemeral key, so only a round trip is checked there).
 */
class HpkeVectorTest {

  @Test
  void everyEntry() {
    Conformance.Tally tally = Conformance.start("hpke test-vectors.json");
    int index = 0;
    for (JsonNode v : Vectors.load("hpke-test-vectors", "test-vectors.json")) {
      Optional<Hpke> hpke = suiteUsing(v.get("kem_id").asInt(), v.get("kdf_id").asInt(), v.get("aead_id").asInt());
      if (hpke.isEmpty()) {
        tally.skipUnsupportedSuite();
      } else {
        String name = "entry " + index + " (mode " + v.get("mode").asInt() + ", kem " + v.get("kem_id").asInt()
            + ", kdf " + v.get("kdf_id").asInt() + ", aead " + v.get("aead_id").asInt() + ")";
        tally.check(name, () -> checkEntry(hpke.get(), v));
      }
      index++;
    }
    tally.assertNoFailures();
  }

  private static Optional<Hpke> suiteUsing(int kem, int kdf, int aead) {
    return CipherSuites.all().stream()
        .map(MlsCipherSuite.class::cast)
        .filter(s -> s.hpke().kem().id == kem && s.hpke().kdfId() == kdf && s.hpke().aeadId() == aead)
        .map(MlsCipherSuite::hpke)
        .findFirst();
  }

  private static void checkEntry(Hpke hpke, JsonNode v) throws Exception {
    checkDerivedKeyPair(hpke, v, "E");
    checkDerivedKeyPair(hpke, v, "R");
    if (v.has("ikmS")) {
      checkDerivedKeyPair(hpke, v, "S");
    }
    byte[] info = hex(v.get("info"));
    AsymmetricCipherKeyPair recipient = hpke.keyPair(hex(v.get("skRm")));
    int mode = v.get("mode").asInt();
    if (mode == HPKE.mode_base) {
      HPKEContextWithEncapsulation sender = hpke.setupSender(hex(v.get("pkRm")), info, hpke.keyPair(hex(v.get("skEm"))));
      assertThat(sender.getEncapsulation()).as("enc").isEqualTo(hex(v.get("enc")));
      for (JsonNode e : v.get("encryptions")) {
        assertThat(sender.seal(hex(e.get("aad")), hex(e.get("pt")))).as("ct").isEqualTo(hex(e.get("ct")));
      }
      checkExports(sender, v);
      checkReceiver(hpke.setupReceiver(hex(v.get("enc")), hex(v.get("skRm")), info), v);
      return;
    }
    HPKE bc = new HPKE((byte) mode, hpke.kem().id, hpke.kdfId(), hpke.aeadId());
    byte[] psk = v.has("psk") ? hex(v.get("psk")) : null;
    byte[] pskId = v.has("psk_id") ? hex(v.get("psk_id")) : null;
    byte[] enc = hex(v.get("enc"));
    AsymmetricKeyParameter senderPublic = v.has("pkSm") ? bc.deserializePublicKey(hex(v.get("pkSm"))) : null;
    HPKEContext receiver = switch (mode) {
      case HPKE.mode_psk -> bc.setupPSKR(enc, recipient, info, psk, pskId);
      case HPKE.mode_auth -> bc.setupAuthR(enc, recipient, info, senderPublic);
      default -> bc.setupAuthPSKR(enc, recipient, info, psk, pskId, senderPublic);
    };
    checkReceiver(receiver, v);

    AsymmetricCipherKeyPair senderKey = v.has("skSm") ? hpke.keyPair(hex(v.get("skSm"))) : null;
    byte[][] sealed = bc.seal(recipient.getPublic(), info, new byte[] {1}, new byte[] {2, 3}, psk, pskId, senderKey);
    byte[] opened = bc.open(sealed[1], recipient, info, new byte[] {1}, sealed[0], psk, pskId, senderPublic);
    assertThat(opened).as("round trip").isEqualTo(new byte[] {2, 3});
  }

  private static void checkDerivedKeyPair(Hpke hpke, JsonNode v, String who) {
    HpkeKeyPair derived = hpke.deriveKeyPair(hex(v.get("ikm" + who)));
    assertThat(derived.privateKey().copy()).as("sk" + who + "m").isEqualTo(hex(v.get("sk" + who + "m")));
    assertThat(derived.publicKey()).as("pk" + who + "m").isEqualTo(hex(v.get("pk" + who + "m")));
  }

  private static void checkReceiver(HPKEContext receiver, JsonNode v) throws Exception {
    for (JsonNode e : v.get("encryptions")) {
      assertThat(receiver.open(hex(e.get("aad")), hex(e.get("ct")))).as("pt").isEqualTo(hex(e.get("pt")));
    }
    checkExports(receiver, v);
  }

  private static void checkExports(HPKEContext context, JsonNode v) {
    for (JsonNode x : v.get("exports")) {
      assertThat(context.export(hex(x.get("exporter_context")), x.get("L").asInt()))
          .as("export").isEqualTo(hex(x.get("exported_value")));
    }
  }
}
