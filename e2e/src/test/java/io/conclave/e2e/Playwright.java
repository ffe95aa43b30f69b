package io.conclave.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Drives headless Chromium through {@code web/e2e/driver.mjs} (playwright-core): one JSON request
 * per line, one response per line. Page scripts run as async function bodies in the page.
 */
final class Playwright implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Writer in;
  private final BufferedReader out;
  private int nextId;

  Playwright(Path webDir) throws IOException {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      throw new IllegalStateException("the browser acceptance test needs headless Chromium at " + chromium
          + ": install Debian's chromium package (apt-get install chromium; .ci/run does) or set CHROMIUM to its path");
    }
    process = new ProcessBuilder("node", "e2e/driver.mjs").directory(webDir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** The driver process: the browser (Chromium) runs below it. */
  ProcessHandle driverProcess() {
    return process.toHandle();
  }

  synchronized JsonNode call(String op, String page, Object... fields) {
    ObjectNode r = JSON.createObjectNode().put("id", ++nextId).put("op", op).put("page", page);
    for (int i = 0; i < fields.length; i += 2) {
      r.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
    }
    try {
      in.write(JSON.writeValueAsString(r) + "\n");
      in.flush();
      String line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("the Playwright driver exited");
      }
      JsonNode response = JSON.readTree(line);
      if (!response.path("ok").asBoolean()) {
        throw new AssertionError(op + " on " + page + " failed: " + response.path("error").asText());
      }
      return response.path("value");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void page(String page, int width, int height) {
    call("page", page, "width", width, "height", height);
  }

  /** A page in the browser that loaded the unpacked extension at {@code dir} (one browser per directory). */
  void extensionPage(String page, Path dir) {
    call("extensionPage", page, "extension", dir.toAbsolutePath().toString());
  }

  /** The ids of the extensions loaded in that page's browser (navigates the page to chrome://extensions). */
  JsonNode extensionIds(String page) {
    return call("extensionIds", page);
  }

  void go(String page, String url) {
    call("goto", page, "url", url);
  }

  void click(String page, String selector) {
    call("click", page, "selector", selector);
  }

  void fill(String page, String selector, String text) {
    call("fill", page, "selector", selector, "text", text);
  }

  void check(String page, String selector) {
    call("check", page, "selector", selector);
  }

  JsonNode eval(String page, String body) {
    return call("eval", page, "expression", body);
  }

  JsonNode waitFor(String page, String body, long timeoutMs) {
    return call("waitFor", page, "expression", body, "timeoutMs", timeoutMs);
  }

  void screenshot(String page, Path path) {
    call("screenshot", page, "path", path.toAbsolutePath().toString());
  }

  void closePage(String page) {
    call("closePage", page);
  }

  @Override
  public void close() {
    try {
      call("quit", "-");
    } catch (RuntimeException | AssertionError e) {
      // Already gone.
    }
    process.destroy();
  }
}
