package io.conclave.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The web client's static files, from a directory if configured, else from {@code web/} on the
 * classpath when it is packaged there. Paths that climb out of the root are refused; paths without
 * a file extension (client routes such as {@code /m/ID}) get {@code index.html}.
 */
final class StaticFiles {
  /** A file to send. */
  record File(byte[] content, String contentType) {}

  private static final long MAX_FILE_BYTES = 32 << 20;
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "mjs", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "json", "application/json",
      "wasm", "application/wasm",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "txt", "text/plain; charset=utf-8");

  private final Path root;

  /** @param root the directory of the web client, or null to use the classpath only */
  StaticFiles(Path root) {
    this.root = root == null ? null : root.toAbsolutePath().normalize();
  }

  Optional<File> find(String path) {
    if (!path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
      return Optional.empty();
    }
    String relative = path.substring(1);
    String last = relative.substring(relative.lastIndexOf('/') + 1);
    if (relative.isEmpty() || !last.contains(".")) {
      relative = "index.html";
    }
    for (String segment : relative.split("/")) {
      if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
        return Optional.empty();
      }
    }
    String type = TYPES.getOrDefault(relative.substring(relative.lastIndexOf('.') + 1), "application/octet-stream");
    try {
      if (root != null) {
        Path file = root.resolve(relative).normalize();
        if (file.startsWith(root) && Files.isRegularFile(file) && Files.size(file) <= MAX_FILE_BYTES) {
          return Optional.of(new File(Files.readAllBytes(file), type));
        }
        return Optional.empty();
      }
      try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream("web/" + relative)) {
        return in == null ? Optional.empty() : Optional.of(new File(in.readNBytes((int) MAX_FILE_BYTES), type));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
