package io.conclave.mls.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * key-schedule.json: a chain of epochs from {@code initial_init_secret}. Per epoch, the
 * GroupContext (epoch = index, empty extensions) must encode to {@code group_context}; from the
 * previous init secret, {@code commit_secret} and {@code psk_secret} every secret of §8 must match,
 * {@code external_pub} must be the public half of DeriveKeyPair(external_secret), and
 * {@code MLS-Exporter(label, context, length)} must equal {@code exporter.secret}.
 */
class KeyScheduleVectorTest {

  @Test
  void officialVectors() {
    Conformance.Tally tally = Conformance.start("key-schedule.json");
    JsonNode vectors = Vectors.mls("key-schedule.json");
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
    byte[] groupId = Vectors.hex(v.get("group_id"));
    SecretBytes initSecret = SecretBytes.wrap(Vectors.hex(v.get("initial_init_secret")));
    JsonNode epochs = v.get("epochs");
    for (int n = 0; n < epochs.size(); n++) {
      JsonNode e = epochs.get(n);
      String at = "epoch " + n + ": ";
      GroupContext context = new GroupContext(1, suite.id(), groupId, n, Vectors.hex(e.get("tree_hash")),
          Vectors.hex(e.get("confirmed_transcript_hash")), List.of());
      assertThat(context.toBytes()).as(at + "group_context").isEqualTo(Vectors.hex(e.get("group_context")));

      SecretBytes commitSecret = SecretBytes.wrap(Vectors.hex(e.get("commit_secret")));
      SecretBytes pskSecret = SecretBytes.wrap(Vectors.hex(e.get("psk_secret")));
      EpochSecrets secrets = KeySchedule.nextEpoch(suite, initSecret, commitSecret, pskSecret, context);

      expect(e, "joiner_secret", secrets.joinerSecret(), at);
      expect(e, "welcome_secret", secrets.welcomeSecret(), at);
      expect(e, "welcome_secret", KeySchedule.welcomeSecret(suite, secrets.joinerSecret(), pskSecret), at);
      expect(e, "init_secret", secrets.initSecret(), at);
      expect(e, "sender_data_secret", secrets.senderDataSecret(), at);
      expect(e, "encryption_secret", secrets.encryptionSecret(), at);
      expect(e, "exporter_secret", secrets.exporterSecret(), at);
      expect(e, "epoch_authenticator", secrets.epochAuthenticator(), at);
      expect(e, "external_secret", secrets.externalSecret(), at);
      expect(e, "confirmation_key", secrets.confirmationKey(), at);
      expect(e, "membership_key", secrets.membershipKey(), at);
      expect(e, "resumption_psk", secrets.resumptionPsk(), at);
      assertThat(secrets.externalKeyPair().publicKey()).as(at + "external_pub")
          .isEqualTo(Vectors.hex(e.get("external_pub")));

      JsonNode exporter = e.get("exporter");
      // The label field is the label text itself (it happens to be hex digits), not hex-encoded bytes.
      String label = exporter.get("label").asText();
      SecretBytes exported = secrets.export(label, Vectors.hex(exporter.get("context")), exporter.get("length").asInt());
      assertThat(exported.copy()).as(at + "exporter.secret").isEqualTo(Vectors.hex(exporter.get("secret")));
      assertThat(label.getBytes(StandardCharsets.US_ASCII)).hasSize(label.length());

      EpochSecrets joined = KeySchedule.join(suite, secrets.joinerSecret(), pskSecret, context);
      assertThat(joined.epochAuthenticator().equalsConstantTime(secrets.epochAuthenticator()))
          .as(at + "a joiner reaches the same epoch").isTrue();
      joined.destroy();

      initSecret = SecretBytes.copyOf(secrets.initSecret().unsafeView());
      secrets.destroy();
    }
  }

  private static void expect(JsonNode epoch, String field, SecretBytes actual, String at) {
    assertThat(actual.copy()).as(at + field).isEqualTo(Vectors.hex(epoch.get(field)));
  }
}
