package io.conclave.mls.framing;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * messages.json (mls-test-vectors/test-vectors.md, "Messages"): every field of every entry
 * decodes as the structure the format names (an {@code MLSMessage} of the stated wire format and
 * content type, or the bare struct) and re-encodes to exactly the same bytes.
 */
class MessagesVectorTest {

  @Test
  void everyFieldDecodesAndReencodesByteExact() {
    JsonNode entries = Vectors.mls("messages.json");
    Conformance.Tally tally = Conformance.start("messages.json");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      tally.check("entry " + i, () -> checkEntry(entry));
    }
    tally.assertNoFailures();
  }

  private static void checkEntry(JsonNode entry) {
    List<String> failures = new ArrayList<>();
    for (VectorStructs.Field<?> field : VectorStructs.FIELDS) {
      byte[] encoded = Vectors.hex(entry.get(field.name()));
      try {
        Object value = TlsReader.decodeFully(encoded, field.decoder());
        field.checkValue(value);
        if (!Arrays.equals(field.reencode(value), encoded)) {
          failures.add(field.name() + " re-encodes differently");
        }
      } catch (RuntimeException e) {
        failures.add(field.name() + ": " + e);
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(String.join("; ", failures));
    }
  }
}
