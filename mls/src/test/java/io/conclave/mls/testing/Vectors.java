package io.conclave.mls.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * Loads an official test-vector file from the test classpath. A missing file is a test failure:
 * nothing here generates or regenerates vectors.
 */
public final class Vectors {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private Vectors() {}

  /** Reads {@code /<directory>/<name>} (e.g. {@code mls-test-vectors}, {@code tree-math.json}). */
  public static JsonNode load(String directory, String name) {
    String resource = "/" + directory + "/" + name;
    try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("test vector file " + resource + " is missing from the test resources");
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An MLS vector file from {@code mls-test-vectors/}. */
  public static JsonNode mls(String name) {
    return load("mls-test-vectors", name);
  }

  public static byte[] hex(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new AssertionError("missing hex field");
    }
    return HEX.parseHex(node.asText());
  }

  public static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  public static String toHex(byte[] b) {
    return HEX.formatHex(b);
  }
}
