package io.conclave.cli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A web client's manifest ({@code conclave-manifest.json}, written by web/scripts/pin.mjs): the
 * SHA-256 of every file the relay serves, by URL path, and the client's identity, the SHA-256 of
 * the lines {@code HEX  PATH\n} sorted by path.
 */
public record WebManifest(String identity, Map<String, String> files) {
  public static final String FILE = "conclave-manifest.json";

  /** Parses a manifest and checks that its identity is that of its files. */
  public static WebManifest parse(InputStream in) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    if (root == null || !"conclave-web-manifest/1".equals(root.path("format").asText())) {
      throw new IOException("not a conclave web manifest (format conclave-web-manifest/1)");
    }
    Map<String, String> files = new TreeMap<>();
    root.path("files").properties().forEach(e -> files.put(e.getKey(), e.getValue().asText()));
    String identity = root.path("identity").asText();
    String computed = identityOf(files);
    if (!computed.equals(identity)) {
      throw new IOException("manifest identity " + identity + " is not that of its files (" + computed + ")");
    }
    return new WebManifest(identity, Map.copyOf(files));
  }

  /** The manifest of the web client packaged with this program (classpath {@code web/}), if any. */
  public static WebManifest packaged() throws IOException {
    try (InputStream in = WebManifest.class.getClassLoader().getResourceAsStream("web/" + FILE)) {
      if (in == null) {
        throw new IOException("no web client manifest packaged with this program: give one with --manifest");
      }
      return parse(in);
    }
  }

  /** SHA-256 over the {@code HEX  PATH\n} lines sorted by path (Java's String order is by UTF-16 unit, like the builder's). */
  public static String identityOf(Map<String, String> files) {
    StringBuilder lines = new StringBuilder();
    new TreeMap<>(files).forEach((path, hex) -> lines.append(hex).append("  ").append(path).append('\n'));
    return sha256Hex(lines.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256(bytes));
  }

  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
