package io.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.cli.web.LocalWebServer;
import io.conclave.cli.web.WebManifest;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code conclave web} end to end (docs/SECURITY.md, "Trusting the web client"): Chromium opens
 * the client that the CLI serves on 127.0.0.1 (the packaged production client), names a relay
 * on another origin, creates and joins a meeting there (the relay accepts the loopback origin:
 * WebSocket and CORS), and a Java participant joining by the shared link sees the same security
 * code; the meeting view says the client is local and shows the packaged identity.
 */
class LocalWebClientTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path WEB = MODULE.resolve("../web").normalize();
  private static final Path FIXTURES = WEB.resolve("../cli/src/test/resources/media").normalize();
  private static final long TIMEOUT_MS = 90_000;

  @Test
  void theLocalClientHoldsAMeetingOnARelayOfAnotherOrigin() throws Exception {
    String identity = WebManifest.packaged().identity();
    try (ConclaveServer relay = ConclaveServer.start(ServerConfig.builder().host("127.0.0.1").port(0).plain()
            .dataDir(MODULE.resolve("target/local-web-client-data")).build());
        LocalWebServer local = LocalWebServer.start(0);
        Playwright pw = new Playwright(WEB)) {
      String relayOrigin = "http://127.0.0.1:" + relay.port();
      assertThat(local.port()).isNotEqualTo(relay.port());
      pw.page("local", 1280, 720);
      pw.go("local", local.startPage().toString());
      pw.fill("local", "#relay", relayOrigin);
      pw.click("local", "#create");
      pw.waitFor("local", "return document.querySelector('#preview')?.readyState >= 2;", TIMEOUT_MS);
      assertThat(pw.eval("local", "return location.origin + location.pathname + location.search;").asText())
          .startsWith("http://127.0.0.1:" + local.port() + "/m/").endsWith("?relay=http%3A%2F%2F127.0.0.1%3A" + relay.port());
      pw.fill("local", "#name", "Local");
      pw.click("local", "#join");
      String link = pw.waitFor("local", "const v = document.querySelector('#invite-link')?.value ?? ''; return v.includes('#') && v;", TIMEOUT_MS).asText();
      assertThat(link).as("the shared link names the relay").startsWith(relayOrigin + "/m/");
      JsonNode badge = pw.waitFor("local", "const b = document.querySelector('#client-origin');"
          + " return b && b.dataset.identity && [b.dataset.source, b.dataset.identity];", TIMEOUT_MS);
      assertThat(badge.get(0).asText()).isEqualTo("local");
      assertThat(badge.get(1).asText()).isEqualTo(identity);
      try (JavaBot bot = new JavaBot(link, FIXTURES)) {
        long deadline = System.nanoTime() + Duration.ofMillis(TIMEOUT_MS).toNanos();
        String javaCode = "";
        String shown = "";
        while (System.nanoTime() < deadline) {
          javaCode = bot.client.roster().size() == 2 ? bot.client.securityCode().map(Object::toString).orElse("") : "";
          shown = pw.eval("local", "return document.querySelector('#security-code')?.textContent ?? '';").asText();
          if (!javaCode.isEmpty() && javaCode.equals(shown)) {
            break;
          }
          Thread.sleep(200);
        }
        assertThat(shown).as("the local client shows the Java participant's security code").isEqualTo(javaCode).isNotEmpty();
        while (bot.cameraFramesFrom.getOrDefault("Local", new java.util.concurrent.atomic.AtomicInteger()).get() < 15
            && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertThat(bot.cameraFramesFrom.get("Local")).as("camera frames from the local client").isNotNull()
            .satisfies(n -> assertThat(n.get()).isGreaterThanOrEqualTo(15));
      }
    }
  }
}
