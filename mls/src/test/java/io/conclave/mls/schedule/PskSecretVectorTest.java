package io.conclave.mls.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.messages.PreSharedKeyId;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * psk_secret.json: for each list of external PSKs ({@code psk_id}, {@code psk_nonce}, {@code psk}),
 * chaining them in order must give {@code psk_secret} (all zeros for an empty list).
 */
class PskSecretVectorTest {

  @Test
  void officialVectors() {
    Conformance.Tally tally = Conformance.start("psk_secret.json");
    JsonNode vectors = Vectors.mls("psk_secret.json");
    for (int i = 0; i < vectors.size(); i++) {
      JsonNode v = vectors.get(i);
      int suiteId = v.get("cipher_suite").asInt();
      if (!CipherSuites.isSupported(suiteId)) {
        tally.skipUnsupportedSuite();
        continue;
      }
      tally.check("entry " + i + " (suite " + suiteId + ", " + v.get("psks").size() + " PSKs)",
          () -> checkEntry(CipherSuites.get(suiteId), v));
    }
    tally.assertNoFailures();
  }

  private static void checkEntry(CipherSuite suite, JsonNode v) {
    List<PskSecret.Input> inputs = new ArrayList<>();
    for (JsonNode psk : v.get("psks")) {
      PreSharedKeyId id = new PreSharedKeyId.External(Vectors.hex(psk.get("psk_id")), Vectors.hex(psk.get("psk_nonce")));
      inputs.add(new PskSecret.Input(id, SecretBytes.wrap(Vectors.hex(psk.get("psk")))));
    }
    assertThat(PskSecret.derive(suite, inputs).copy()).isEqualTo(Vectors.hex(v.get("psk_secret")));
  }
}
