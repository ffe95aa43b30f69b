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
 * Drives headless Firefox (Debian's firefox-esr) through {@code web/e2e/firefox-driver.mjs}
 * (puppeteer-core over WebDriver BiDi): the same JSON-lines protocol as {@link Playwright}.
 */
final class FirefoxDriver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Writer in;
  private final BufferedReader out;
  private int nextId;

  FirefoxDriver(Path webDir) throws IOException {
    Path firefox = Path.of(System.getenv().getOrDefault("FIREFOX", "/usr/bin/firefox-esr"));
    if (!Files.isExecutable(firefox)) {
      throw new IllegalStateException("the Firefox meeting test needs Firefox at " + firefox
          + ": install Debian's firefox-esr package (apt-get install firefox-esr; .ci/run does) or set FIREFOX to its path");
    }
    process = new ProcessBuilder("node", "e2e/firefox-driver.mjs").directory(webDir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** The driver process: the browser (Firefox) runs below it. */
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
        throw new IllegalStateException("the Firefox driver exited");
      }
      JsonNode response = JSON.readTree(line);
      if (!response.path("ok").asBoolean()) {
        throw new AssertionError(op + " on " + page + " (Firefox) failed: " + response.path("error").asText());
      }
      return response.path("value");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
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
