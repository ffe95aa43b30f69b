package io.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The production web client (web/target/classes/web: no test hooks) in headless Chromium, served by
 * a relay as built and with one changed byte (docs/SECURITY.md, "Trusting the web client"): the
 * genuine bundle runs under the relay's CSP with every worker integrity-checked and exposes no
 * {@code window.conclave}; a tampered worker is refused before it runs; a tampered main script
 * does not run at all (SRI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PinnedWebClientTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path WEB = MODULE.resolve("../web").normalize();
  private static final Path PRODUCTION = WEB.resolve("target/classes/web");
  private static final Path TARGET = MODULE.resolve("target/pinned-web");
  private static final long TIMEOUT_MS = 60_000;

  private Playwright pw;

  @BeforeAll
  void start() throws IOException {
    TestFiles.deleteTree(TARGET);
    pw = new Playwright(WEB);
  }

  @AfterAll
  void stop() {
    if (pw != null) {
      pw.close();
    }
  }

  @Test
  void theGenuineProductionClientJoinsUnderTheCspAndHasNoTestHooks() throws Exception {
    Path web = copy("genuine");
    try (ConclaveServer server = relay("genuine", web)) {
      String base = "http://127.0.0.1:" + server.port();
      pw.page("genuine", 1280, 720);
      pw.go("genuine", base + "/");
      pw.click("genuine", "#create");
      pw.waitFor("genuine", "return document.querySelector('#join') !== null;", TIMEOUT_MS);
      pw.fill("genuine", "#name", "Genuine");
      pw.click("genuine", "#join");
      // The relay worker (pinned) carries the connection: an invite link means the meeting exists.
      pw.waitFor("genuine", "return (document.querySelector('#invite-link')?.value ?? '').includes('#');", TIMEOUT_MS);
      assertThat(pw.eval("genuine", "return typeof window.conclave;").asText()).isEqualTo("undefined");
      assertThat(pw.eval("genuine", "return document.documentElement.getAttribute('data-pinning');").isNull()).isTrue();
      pw.closePage("genuine");
    }
  }

  @Test
  void aTamperedWorkerIsRefusedBeforeItRuns() throws Exception {
    Path web = copy("worker");
    flipOneByte(web.resolve("assets/encode-worker.js"), "AES-GCM");
    try (ConclaveServer server = relay("worker", web)) {
      pw.page("worker", 1280, 720);
      pw.go("worker", "http://127.0.0.1:" + server.port() + "/");
      pw.click("worker", "#create");
      String refused = pw.waitFor("worker",
          "return document.documentElement.getAttribute('data-pinning') === 'refused' && document.querySelector('#pinning-refused').textContent;",
          TIMEOUT_MS).asText();
      assertThat(refused).contains("worker encode refused").doesNotContain("worker decode").doesNotContain("worker relay");
      pw.closePage("worker");
    }
  }

  @Test
  void aTamperedMainScriptDoesNotRun() throws Exception {
    Path web = copy("main");
    flipOneByte(web.resolve("assets/index.js"), "conclave security code v1");
    try (ConclaveServer server = relay("main", web)) {
      pw.page("main", 1280, 720);
      pw.go("main", "http://127.0.0.1:" + server.port() + "/");
      Thread.sleep(3000);
      // The genuine page renders its start view into #app at once; blocked by SRI, nothing is there.
      assertThat(pw.eval("main", "return document.querySelector('#app').childElementCount;").asInt()).isZero();
      assertThat(pw.eval("main", "return document.querySelector('#create') === null;").asBoolean()).isTrue();
      pw.closePage("main");
    }
  }

  private static ConclaveServer relay(String name, Path web) throws Exception {
    return ConclaveServer.start(ServerConfig.builder().host("127.0.0.1").port(0).plain()
        .dataDir(TARGET.resolve(name + "-data")).webRoot(web).build());
  }

  private static Path copy(String name) throws IOException {
    assertThat(PRODUCTION.resolve("conclave-manifest.json")).as("the production web build").exists();
    Path to = TARGET.resolve(name + "-web");
    try (Stream<Path> files = Files.walk(PRODUCTION)) {
      for (Path f : files.toList()) {
        Path t = to.resolve(PRODUCTION.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    }
    return to;
  }

  private static void flipOneByte(Path file, String near) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(near);
    assertThat(at).as("%s contains %s", file, near).isNotNegative();
    bytes[at] ^= 0x01;
    Files.write(file, bytes);
  }
}
