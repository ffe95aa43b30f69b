package io.conclave.mls.framing;

import static io.conclave.mls.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import org.junit.jupiter.api.Test;

/**
 * transcript-hashes.json: for a commit's AuthenticatedContent, the confirmation tag verifies under
 * {@code confirmation_key} over the new confirmed transcript hash, and both transcript hashes
 * update from {@code interim_transcript_hash_before} to the expected values (RFC 9420 §8.2).
 */
class TranscriptHashesVectorTest {

  @Test
  void allEntries() {
    Conformance.Tally tally = Conformance.start("transcript-hashes.json");
    int i = 0;
    for (JsonNode v : Vectors.mls("transcript-hashes.json")) {
      int suiteId = v.get("cipher_suite").asInt();
      if (!CipherSuites.isSupported(suiteId)) {
        tally.skipUnsupportedSuite();
        continue;
      }
      CipherSuite suite = CipherSuites.get(suiteId);
      tally.check("entry " + i++ + " (suite " + suiteId + ")", () -> {
        AuthenticatedContent commit = TlsReader.decodeFully(hex(v.get("authenticated_content")),
            AuthenticatedContent::decode);
        assertThat(commit.content().contentType()).isEqualTo(ContentType.COMMIT);
        byte[] confirmedAfter = hex(v.get("confirmed_transcript_hash_after"));
        byte[] tag = commit.auth().confirmationTag().orElseThrow();
        assertThat(suite.mac(hex(v.get("confirmation_key")), confirmedAfter)).isEqualTo(tag);

        byte[] confirmed = TranscriptHashes.confirmed(suite, hex(v.get("interim_transcript_hash_before")), commit);
        assertThat(confirmed).isEqualTo(confirmedAfter);
        assertThat(TranscriptHashes.interim(suite, confirmed, tag))
            .isEqualTo(hex(v.get("interim_transcript_hash_after")));
      });
    }
    tally.assertNoFailures();
  }
}
