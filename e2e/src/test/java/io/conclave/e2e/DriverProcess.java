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
 * A Node browser driver under {@code web/e2e} ({@code driver-protocol.mjs}): one JSON request per
 * line on its stdin, one response per line on its stdout. Page scripts run as async function
 * bodies in the page. {@link Playwright} (Chromium) and {@link FirefoxDriver} speak it.
 */
class DriverProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String browser;
  private final Process process;
  private final Writer in;
  private final BufferedReader out;
  private int nextId;

  /**
   * Starts {@code node script} in {@code webDir}, once {@code executable} (the browser, which the
   * driver launches) is found; otherwise throws with {@code missing} as the advice.
   */
  DriverProcess(Path webDir, String script, String browser, Path executable, String missing) throws IOException {
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException(missing);
    }
    this.browser = browser;
    process = new ProcessBuilder("node", script).directory(webDir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** The driver process: the browser runs below it. */
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
        throw new IllegalStateException("the " + browser + " driver exited");
      }
      JsonNode response = JSON.readTree(line);
      if (!response.path("ok").asBoolean()) {
        throw new AssertionError(op + " on " + page + " (" + browser + ") failed: " + response.path("error").asText());
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
