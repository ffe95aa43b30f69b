package io.conclave.sframe.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * The official RFC 9605 test vectors ({@code sframe-test-vectors/test-vectors.json}), one section
 * at a time. A missing file or section is a test failure.
 */
public final class SFrameVectors {
  private static final String RESOURCE = "/sframe-test-vectors/test-vectors.json";
  private static final HexFormat HEX = HexFormat.of();

  private SFrameVectors() {}

  /** The entries of one section: {@code header}, {@code aes_ctr_hmac} or {@code sframe}. */
  public static JsonNode section(String name) {
    try (InputStream in = SFrameVectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new AssertionError(RESOURCE + " is missing from the test resources");
      }
      JsonNode section = new ObjectMapper().readTree(in).get(name);
      if (section == null || !section.isArray() || section.isEmpty()) {
        throw new AssertionError(RESOURCE + " has no entries in section " + name);
      }
      return section;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] hex(JsonNode entry, String field) {
    JsonNode node = entry.get(field);
    if (node == null || !node.isTextual()) {
      throw new AssertionError("missing hex field " + field);
    }
    return HEX.parseHex(node.asText());
  }

  /** A JSON number read as an unsigned 64-bit value. */
  public static long u64(JsonNode entry, String field) {
    JsonNode node = entry.get(field);
    if (node == null || !node.isIntegralNumber()) {
      throw new AssertionError("missing number field " + field);
    }
    return node.bigIntegerValue().longValue();
  }

  public static String toHex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
