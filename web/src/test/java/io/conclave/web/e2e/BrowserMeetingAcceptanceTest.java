package io.conclave.web.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The browser client end to end: the real relay on loopback (H2 under target/), behind a
 * recording proxy, two headless Chromium participants driven by Playwright with fake camera and
 * microphone, and the Java client streaming the CLI's VP8/Opus fixtures. Screenshots go to
 * target/screenshots/, measurements to target/browser-perf.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserMeetingAcceptanceTest {
  private static final Path WEB = Path.of("").toAbsolutePath();
  private static final Path TARGET = WEB.resolve("target");
  private static final Path SHOTS = TARGET.resolve("screenshots");
  private static final Path FIXTURES = WEB.resolve("../cli/src/test/resources/media").normalize();
  /** Embedded in Alice's raw encoded video frames; must never appear in what the relay sees. */
  private static final String CANARY = "c0ffee5ca1ab1e0ddba11c0ffee5ca1a";

  private ConclaveServer server;
  private RecordingProxy proxy;
  private Playwright pw;
  private JavaBot bot;
  private String base;
  private String link;
  private final Map<String, String> perf = new TreeMap<>();

  @BeforeAll
  void start() throws Exception {
    Path data = TARGET.resolve("e2e-data");
    deleteTree(data);
    Files.createDirectories(SHOTS);
    server = ConclaveServer.start(ServerConfig.builder().host("127.0.0.1").port(0).plain().dataDir(data)
        .webRoot(TARGET.resolve("classes/web")).build());
    proxy = new RecordingProxy(server.port());
    base = "http://127.0.0.1:" + proxy.port();
    pw = new Playwright(WEB);
  }

  @AfterAll
  void stop() throws Exception {
    if (bot != null) {
      bot.close();
    }
    if (pw != null) {
      pw.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
    if (!perf.isEmpty()) {
      StringBuilder s = new StringBuilder("# Browser client measurements (BrowserMeetingAcceptanceTest)\n\n");
      perf.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
      Files.writeString(TARGET.resolve("browser-perf.md"), s.toString());
    }
  }

  @Test
  @Order(1)
  void twoBrowsersAndTheJavaBotMeet() throws Exception {
    pw.page("alice", 1280, 720);
    pw.go("alice", base + "/");
    pw.click("alice", "#create");
    pw.fill("alice", "#name", "Alice");
    pw.eval("alice", "window.__joinClick = performance.now();");
    pw.click("alice", "#join");
    waitJoined("alice");
    pw.eval("alice", "window.conclave.setCanary('" + CANARY + "');");
    link = pw.waitFor("alice", "return document.querySelector('#invite-link').value.includes('#') && document.querySelector('#invite-link').value;", 5000).asText();
    assertThat(link).startsWith(base + "/m/").contains("#");

    bot = new JavaBot(link, FIXTURES);

    pw.page("bob", 390, 844);
    joinFromLink("bob", "Bob");
    long joinMs = firstFrameAfterJoin("bob");
    perf.put("join click to first decoded remote frame (Bob, 3-party meeting)", joinMs + " ms");

    String code = sameCodeEverywhere(List.of("alice", "bob"));
    assertThat(code).matches("\\d{5}( \\d{5}){3}");

    for (String page : List.of("alice", "bob")) {
      for (int leaf : otherLeaves(page)) {
        assertVideoMoves(page, leaf, 1);
        pw.waitFor(page, "const l = window.conclave.levels[" + leaf + "]; return l && l.peak > 0.01;", 10_000);
      }
    }

    pw.eval("alice", "await window.conclave.sendChat('hello from Alice');");
    pw.eval("bob", "await window.conclave.sendChat('hello from Bob');");
    bot.client.sendChat("hello from the Java bot");
    for (String page : List.of("alice", "bob")) {
      String other = page.equals("alice") ? "Bob" : "Alice";
      pw.waitFor(page, "const c = window.conclave.chat.map(m => m.text); return c.includes('hello from " + other
          + "') && c.includes('hello from the Java bot');", 10_000);
    }
    awaitTrue(() -> bot.chats.containsAll(List.of("hello from Alice", "hello from Bob")), 10_000, "bot got both chats");

    pw.screenshot("alice", SHOTS.resolve("1-alice-1280x720.png"));
    pw.screenshot("bob", SHOTS.resolve("1-bob-mobile.png"));
  }

  // ---- helpers ----

  private void joinFromLink(String page, String name) {
    pw.go(page, link);
    pw.fill(page, "#name", name);
    pw.click(page, "#join");
    waitJoined(page);
  }

  private void waitJoined(String page) {
    pw.waitFor(page, "return window.conclave && window.conclave.status === 'joined' && window.conclave.securityCode;", 20_000);
  }

  /** Milliseconds from the join click to the first decoded remote video frame. */
  private long firstFrameAfterJoin(String page) {
    JsonNode v = pw.waitFor(page, "const c = window.conclave; const f = c.firstRemoteFrameAt(); return f !== undefined && (f - c.joinClickedAt);", 20_000);
    return Math.round(v.asDouble());
  }

  private String sameCodeEverywhere(List<String> pages) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    for (;;) {
      List<String> codes = new ArrayList<>();
      for (String p : pages) {
        codes.add(pw.eval(p, "return window.conclave.securityCode;").asText());
      }
      if (bot != null) {
        codes.add(bot.securityCode());
      }
      if (codes.stream().distinct().count() == 1 && !codes.getFirst().isEmpty()) {
        return codes.getFirst();
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("security codes differ: " + codes);
      }
      Thread.sleep(100);
    }
  }

  private List<Integer> otherLeaves(String page) {
    List<Integer> out = new ArrayList<>();
    pw.eval(page, "return window.conclave.roster.filter(m => !m.self).map(m => m.leaf);").forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static String sample(int leaf, int track) {
    return "const c = document.querySelector('canvas[data-leaf=\"" + leaf + "\"][data-track=\"" + track + "\"]');"
        + "if (!c || c.width === 0) return null;"
        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        + "let sum = 0, hash = 0; for (let i = 0; i < d.length; i += 64) { sum += d[i] + d[i+1] + d[i+2]; hash = (hash * 31 + d[i] + d[i+1] * 7) | 0; }"
        + "return { mean: sum / (d.length / 64 * 3), hash };";
  }

  /** Decoded pixels of `leaf`'s video on `page` are not black and change over time. */
  private void assertVideoMoves(String page, int leaf, int track) throws InterruptedException {
    JsonNode first = pw.waitFor(page, "const s = (() => {" + sample(leaf, track) + "})(); return s && s.mean > 10 && s;", 10_000);
    long deadline = System.currentTimeMillis() + 5_000;
    for (;;) {
      Thread.sleep(200);
      JsonNode now = pw.eval(page, sample(leaf, track));
      if (now.path("mean").asDouble() > 10 && now.path("hash").asInt() != first.path("hash").asInt()) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(page + ": video of leaf " + leaf + " track " + track + " does not change: " + now);
      }
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitTrue(Check check, long timeoutMs, String what) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!check.ok()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out: " + what);
      }
      Thread.sleep(100);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
