package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conclave serve} as a process: settings from flags and the environment, dated text logs or
 * JSON lines, and no secret in what it logs.
 */
class ServeProcessTest {
  private static final String PASSWORD = "hunter2-do-not-log";

  @Test
  void jsonLogsAreOneObjectPerLineAndNameNoSecret(@TempDir Path dir) throws Exception {
    List<String> lines = runUntilListening(dir, "json");
    ObjectMapper json = new ObjectMapper();
    boolean sawListening = false;
    for (String line : lines) {
      JsonNode node = json.readTree(line);
      assertThat(node.get("timestamp").asLong()).as(line).isPositive();
      assertThat(node.get("level").asText()).isIn("INFO", "WARN", "ERROR");
      assertThat(node.has("loggerName")).isTrue();
      sawListening |= node.get("formattedMessage").asText().contains("Conclave relay listening on http://127.0.0.1:");
    }
    assertThat(sawListening).isTrue();
    assertThat(String.join("\n", lines)).doesNotContain(PASSWORD).contains("max-participants=7");
  }

  @Test
  void textLogsAreDated(@TempDir Path dir) throws Exception {
    List<String> lines = runUntilListening(dir, "text");
    assertThat(lines).allSatisfy(line ->
        assertThat(line).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z (INFO|WARN|ERROR) .*"));
    assertThat(String.join("\n", lines)).doesNotContain(PASSWORD);
  }

  /** Starts Main (format by environment, other settings by flag), returns its log lines up to "listening". */
  private static List<String> runUntilListening(Path dir, String format) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=logback.xml", // the production configuration, not logback-test.xml
        Main.class.getName(), "--port", "0", "--metrics-port", "0", "--data-dir", dir.resolve("data").toString(),
        "--max-participants", "7", "--jdbc-url", "jdbc:h2:" + dir.resolve("db").toAbsolutePath(), "--db-user", "sa")
        .redirectErrorStream(true);
    pb.environment().put("CONCLAVE_LOG_FORMAT", format);
    pb.environment().put("CONCLAVE_DB_PASSWORD", PASSWORD);
    Process p = pb.start();
    BlockingQueue<String> output = new LinkedBlockingQueue<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          output.add(line);
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
    });
    List<String> lines = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line;
      while ((line = output.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
        if (line.startsWith("WARNING: ") || line.isBlank()) {
          continue; // the JVM's own warnings (e.g. native access), not the relay's log
        }
        lines.add(line);
        if (line.contains("metrics at http")) {
          break;
        }
      }
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      reader.join(5000);
    }
    assertThat(lines).as("log of the serve process").isNotEmpty()
        .anySatisfy(l -> assertThat(l).contains("metrics at http"));
    return lines;
  }
}
