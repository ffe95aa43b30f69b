package io.conclave.mls.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import org.junit.jupiter.api.Test;

/**
 * deserialization.json (mls-test-vectors/test-vectors.md, "Vector Deserialization"): each
 * {@code vlbytes_header} is a variable-length vector header (RFC 9420 §2.1.2) that decodes, using
 * all of its bytes, to {@code length}, and encoding {@code length} gives the header back.
 */
class DeserializationVectorTest {

  @Test
  void headersDecodeToTheirLength() {
    JsonNode entries = Vectors.mls("deserialization.json");
    Conformance.Tally tally = Conformance.start("deserialization.json");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      tally.check("entry " + i, () -> {
        byte[] header = Vectors.hex(entry.get("vlbytes_header"));
        int length = entry.get("length").asInt();
        assertThat(TlsReader.decodeFully(header, TlsReader::readVarint)).isEqualTo(length);
        assertThat(new TlsWriter().writeVarint(length).toByteArray()).isEqualTo(header);
      });
    }
    tally.assertNoFailures();
  }
}
