package io.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import io.conclave.server.transport.OriginPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Conclave extension (web/target/extension: the production client, Manifest V3) loaded into
 * headless Chromium ({@code --load-extension}, new headless mode) opens meetings from its own
 * origin (docs/SECURITY.md, "Trusting the web client"): with a relay-served page and a Java
 * participant it holds a meeting (same security code, media both ways), it says where it came
 * from and which client it is, and a relay serving a tampered bundle cannot change it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtensionClientTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path WEB = MODULE.resolve("../web").normalize();
  private static final Path PRODUCTION = WEB.resolve("target/classes/web");
  private static final Path EXTENSION = WEB.resolve("target/extension");
  private static final Path FIXTURES = WEB.resolve("../cli/src/test/resources/media").normalize();
  private static final Path TARGET = MODULE.resolve("target/extension-test");
  private static final String CLIENT = "chrome-extension://" + OriginPolicy.EXTENSION_ID + "/index.html";
  private static final long TIMEOUT_MS = 90_000;

  private Playwright pw;
  private String identity;

  @BeforeAll
  void start() throws IOException {
    TestFiles.deleteTree(TARGET);
    assertThat(EXTENSION.resolve("manifest.json")).as("the extension build (npm run build)").exists();
    identity = new ObjectMapper().readTree(PRODUCTION.resolve("conclave-manifest.json").toFile()).path("identity").asText();
    JsonNode packed = new ObjectMapper().readTree(EXTENSION.resolve("conclave-manifest.json").toFile());
    assertThat(packed.path("identity").asText()).as("the extension holds the production client").isEqualTo(identity);
    pw = new Playwright(WEB);
  }

  @AfterAll
  void stop() {
    if (pw != null) {
      pw.close();
    }
  }

  @Test
  void theExtensionMeetsARelayServedPageAndAJavaParticipant() throws Exception {
    try (ConclaveServer server = relay("genuine", PRODUCTION)) {
      String base = "http://127.0.0.1:" + server.port();
      pw.extensionPage("ext", EXTENSION);
      assertThat(pw.extensionIds("ext").toString()).as("the id fixed by the manifest's key").contains(OriginPolicy.EXTENSION_ID);
      String link = createAndJoin("ext", base, "Extension");
      assertThat(link).startsWith(base + "/m/");
      badge("ext", "extension");

      pw.page("relay", 1280, 720);
      pw.go("relay", link);
      pw.waitFor("relay", "return document.querySelector('#join') !== null && document.querySelector('#trusted-way') !== null;", TIMEOUT_MS);
      assertThat(pw.eval("relay", "return document.querySelector('#trusted-way').textContent;").asText())
          .contains("Conclave browser extension").contains("conclave web").contains("verify-web");
      pw.waitFor("relay", "return document.querySelector('#preview')?.readyState >= 2;", TIMEOUT_MS);
      pw.fill("relay", "#name", "Relay page");
      pw.click("relay", "#join");
      badge("relay", "relay");

      try (JavaBot bot = new JavaBot(link, FIXTURES)) {
        String code = sameCode(bot);
        assertThat(code).matches("\\d{5}( \\d{5}){3}");
        // Media both ways: the extension shows the relay page's and the bot's video, the relay
        // page shows the extension's, and the Java participant decrypts the extension's frames.
        videoFlows("ext", 2);
        videoFlows("relay", 2);
        long deadline = System.nanoTime() + Duration.ofMillis(TIMEOUT_MS).toNanos();
        while (bot.cameraFramesFrom.getOrDefault("Extension", new java.util.concurrent.atomic.AtomicInteger()).get() < 30
            && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertThat(bot.cameraFramesFrom.get("Extension")).as("camera frames from the extension at the Java participant").isNotNull()
            .satisfies(n -> assertThat(n.get()).isGreaterThanOrEqualTo(30));
        assertThat(bot.cameraFramesFrom.get("Relay page")).as("camera frames from the relay page").isNotNull();
      }
      pw.closePage("relay");
      pw.closePage("ext");
    }
  }

  @Test
  void aRelayServingATamperedBundleCannotChangeTheExtensionClient() throws Exception {
    Path web = copy("tampered");
    flipOneByte(web.resolve("assets/index.js"), "conclave security code v1");
    flipOneByte(web.resolve("assets/encode-worker.js"), "AES-GCM");
    flipOneByte(web.resolve("index.html"), "<title>Conclave");
    try (ConclaveServer server = relay("tampered", web)) {
      String base = "http://127.0.0.1:" + server.port();
      // The relay's own page does not run (SRI on its main script).
      pw.page("victim", 1280, 720);
      pw.go("victim", base + "/");
      Thread.sleep(2000);
      assertThat(pw.eval("victim", "return document.querySelector('#app').childElementCount;").asInt()).isZero();
      pw.closePage("victim");

      // The extension runs its own files: every worker verified, the genuine identity, a meeting held.
      pw.extensionPage("ext2", EXTENSION);
      String link = createAndJoin("ext2", base, "Extension");
      badge("ext2", "extension");
      assertThat(pw.eval("ext2", "return document.documentElement.getAttribute('data-pinning');").isNull()).isTrue();
      try (JavaBot bot = new JavaBot(link, FIXTURES)) {
        sameCodeOf(bot, "ext2");
        videoFlows("ext2", 1);
      }
      pw.closePage("ext2");
    }
  }

  /** Opens the extension's client, creates a meeting on {@code relay}, joins it; returns the invite link. */
  private String createAndJoin(String page, String relay, String name) {
    pw.go(page, CLIENT);
    pw.waitFor(page, "return document.querySelector('#relay') !== null;", TIMEOUT_MS);
    pw.fill(page, "#relay", relay);
    pw.click(page, "#create");
    pw.waitFor(page, "return document.querySelector('#preview')?.readyState >= 2;", TIMEOUT_MS);
    assertThat(pw.eval(page, "return location.href;").asText()).startsWith(CLIENT + "?m=")
        .contains("relay=" + java.net.URLEncoder.encode(relay, StandardCharsets.UTF_8));
    pw.fill(page, "#name", name);
    pw.click(page, "#join");
    return pw.waitFor(page, "const v = document.querySelector('#invite-link')?.value ?? ''; return v.includes('#') && v;", TIMEOUT_MS).asText();
  }

  private void badge(String page, String source) {
    JsonNode b = pw.waitFor(page, "const b = document.querySelector('#client-origin');"
        + " return b && b.dataset.identity && [b.dataset.source, b.dataset.identity];", TIMEOUT_MS);
    assertThat(b.get(0).asText()).isEqualTo(source);
    assertThat(b.get(1).asText()).as("the identity shown on the %s client", source).isEqualTo(identity);
  }

  /** Everybody shows the Java participant's security code once all three are in; returns it. */
  private String sameCode(JavaBot bot) throws InterruptedException {
    String code = sameCodeOf(bot, "ext");
    sameCodeOf(bot, "relay");
    return code;
  }

  private String sameCodeOf(JavaBot bot, String page) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMillis(TIMEOUT_MS).toNanos();
    int members = page.equals("ext2") ? 2 : 3;
    String javaCode = "";
    while (System.nanoTime() < deadline) {
      javaCode = bot.client.roster().size() == members ? bot.client.securityCode().map(Object::toString).orElse("") : "";
      String shown = pw.eval(page, "return document.querySelector('#security-code')?.textContent ?? '';").asText();
      if (!javaCode.isEmpty() && javaCode.equals(shown)) {
        return shown;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(page + " never showed the Java participant's security code " + javaCode);
  }

  /** At least {@code tiles} remote video tiles whose pictures keep coming. */
  private void videoFlows(String page, int tiles) {
    String frames = "return [...document.querySelectorAll('.tile[data-leaf] video')].filter(v => v.videoWidth > 0)"
        + ".map(v => v.getVideoPlaybackQuality().totalVideoFrames);";
    pw.waitFor(page, frames.replace("return ", "const f = ").replace(";", "") + "; return f.length >= " + tiles + ";", TIMEOUT_MS);
    pw.waitFor(page, "const first = (() => { " + frames + " })(); await new Promise(r => setTimeout(r, 2000));"
        + " const then = (() => { " + frames + " })(); return then.length >= " + tiles
        + " && then.filter((n, i) => n > (first[i] ?? 0)).length >= " + tiles + ";", TIMEOUT_MS);
  }

  private static ConclaveServer relay(String name, Path web) throws Exception {
    return ConclaveServer.start(ServerConfig.builder().host("127.0.0.1").port(0).plain()
        .dataDir(TARGET.resolve(name + "-data")).webRoot(web).build());
  }

  private static Path copy(String name) throws IOException {
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
    bytes[at + near.length() - 1] ^= 0x01;
    Files.write(file, bytes);
  }
}
