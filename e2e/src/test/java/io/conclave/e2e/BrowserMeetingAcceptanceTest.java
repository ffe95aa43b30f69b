package io.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.client.MeetingClient;
import io.conclave.client.MeetingClientConfig;
import io.conclave.client.MeetingListener;
import io.conclave.client.Participant;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
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
  /** The module directory (Maven runs tests there); the web client and its Playwright driver are beside it. */
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path WEB = MODULE.resolve("../web").normalize();
  private static final Path TARGET = MODULE.resolve("target");
  private static final Path SHOTS = TARGET.resolve("screenshots");
  private static final Path FIXTURES = WEB.resolve("../cli/src/test/resources/media").normalize();
  /** Embedded in Alice's raw encoded video frames; must never appear in what the relay sees. */
  private static final String CANARY = "c0ffee5ca1ab1e0ddba11c0ffee5ca1a";

  /** Generous for a loaded 2-core machine: one commit takes well under a second when idle. */
  private static final long CODE_TIMEOUT_MS = 60_000;
  /** Bound for one join, one picture or one chat message to show up on a loaded machine. */
  private static final long STEP_TIMEOUT_MS = 60_000;

  private ConclaveServer server;
  private RecordingProxy proxy;
  private Playwright pw;
  private JavaBot bot;
  /** Java members without media that join and leave to churn the tree (scenario 3). */
  private final List<MeetingClient> churners = new ArrayList<>();
  private String base;
  private String link;
  private final Map<String, String> perf = new TreeMap<>();

  @BeforeAll
  void start() throws Exception {
    Path data = TARGET.resolve("e2e-data");
    TestFiles.deleteTree(data);
    Files.createDirectories(SHOTS);
    server = ConclaveServer.start(ServerConfig.builder().host("127.0.0.1").port(0).plain().dataDir(data)
        .webRoot(WEB.resolve("target/test-web")).build());
    proxy = new RecordingProxy(server.port());
    base = "http://127.0.0.1:" + proxy.port();
    pw = new Playwright(WEB);
  }

  @AfterAll
  void stop() throws Exception {
    for (MeetingClient c : churners) {
      c.close();
    }
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
    awaitLobby("alice");
    pw.fill("alice", "#name", "Alice");
    pw.eval("alice", "window.__joinClick = performance.now();");
    pw.click("alice", "#join");
    waitJoined("alice");
    pw.eval("alice", "window.conclave.setCanary('" + CANARY + "');");
    link = pw.waitFor("alice", "return document.querySelector('#invite-link').value.includes('#') && document.querySelector('#invite-link').value;", STEP_TIMEOUT_MS).asText();
    assertThat(link).startsWith(base + "/m/").contains("#");

    bot = new JavaBot(link, FIXTURES);

    pw.page("bob", 390, 844);
    joinFromLink("bob", "Bob");
    pw.eval("bob", "window.conclave.setCanary('" + CANARY + "');");
    long joinMs = firstFrameAfterJoin("bob");
    perf.put("join click to first decoded remote frame (Bob, 3-party meeting)", joinMs + " ms");
    perf.put("join phases (Bob), ms after the click", joinPhases("bob"));

    String code = sameCodeEverywhere(List.of("alice", "bob"));
    assertThat(code).matches("\\d{5}( \\d{5}){3}");

    for (String page : List.of("alice", "bob")) {
      for (int leaf : otherLeaves(page)) {
        assertVideoMoves(page, leaf, 1);
        pw.waitFor(page, "const l = window.conclave.levels[" + leaf + "]; return l && l.peak > 0.01;", STEP_TIMEOUT_MS);
      }
    }

    pw.eval("alice", "await window.conclave.sendChat('hello from Alice');");
    pw.eval("bob", "await window.conclave.sendChat('hello from Bob');");
    bot.client.sendChat("hello from the Java bot");
    for (String page : List.of("alice", "bob")) {
      String other = page.equals("alice") ? "Bob" : "Alice";
      pw.waitFor(page, "const c = window.conclave.chat.map(m => m.text); return c.includes('hello from " + other
          + "') && c.includes('hello from the Java bot');", STEP_TIMEOUT_MS);
    }
    awaitTrue(() -> bot.chats.containsAll(List.of("hello from Alice", "hello from Bob")), STEP_TIMEOUT_MS, "bot got both chats");

    pw.screenshot("alice", SHOTS.resolve("1-alice-1280x720.png"));
    pw.screenshot("bob", SHOTS.resolve("1-bob-mobile.png"));
  }

  @Test
  @Order(2)
  void screenShareReachesTheOtherBrowser() throws Exception {
    pw.eval("alice", "await window.conclave.shareScreen();");
    int aliceLeaf = pw.eval("alice", "return window.conclave.ownLeaf;").asInt();
    assertVideoMoves("bob", aliceLeaf, 2);
    pw.screenshot("bob", SHOTS.resolve("2-bob-sees-screen.png"));
    // Encoding the screen is the heaviest load of all; the later scenarios do not need it.
    pw.eval("alice", "await window.conclave.shareScreen();");
  }

  @Test
  @Order(3)
  void leavingAndRejoiningChangesTheCodeAndVideoResumes() throws Exception {
    String before = sameCodeEverywhere(List.of("alice", "bob"));
    pw.eval("bob", "window.conclave.leave();");
    pw.closePage("bob");
    String without = sameCodeEverywhere(List.of("alice"), before);
    pw.page("bob", 390, 844);
    joinFromLink("bob", "Bob");
    pw.eval("bob", "window.conclave.setCanary('" + CANARY + "');");
    long resumeMs = firstFrameAfterJoin("bob");
    perf.put("rejoin click to first decoded remote frame (Bob)", resumeMs + " ms");
    perf.put("rejoin phases (Bob), ms after the click", joinPhases("bob"));
    String after = sameCodeEverywhere(List.of("alice", "bob"), without);
    assertThat(after).isNotEqualTo(before);
    long joinedAt = Math.round(pw.eval("bob", "return window.conclave.joinedAt;").asDouble());
    long frameAt = Math.round(pw.eval("bob", "return window.conclave.firstRemoteFrameAt();").asDouble());
    assertThat(frameAt - joinedAt).as("video resumes within 2 s of rejoining").isLessThan(2000);
    for (int leaf : otherLeaves("bob")) {
      assertVideoMoves("bob", leaf, 1);
    }

    // Churn: several joins and leaves leave blank leaves and unmerged leaves in the tree; a new
    // browser still joins it and sees video. The churners are Java members without media, so a
    // 2-core machine runs only three browser pages at once.
    List<MeetingClient> joining = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      joining.add(JavaBot.member(link, "Churn " + i));
    }
    Map<MeetingClient, Integer> leaves = new java.util.HashMap<>();
    for (MeetingClient c : joining) {
      leaves.put(c, c.awaitJoined(Duration.ofMillis(STEP_TIMEOUT_MS)));
      churners.add(c);
    }
    String crowded = sameCodeEverywhere(List.of("alice", "bob"), after, 6);
    // The two leftmost churners leave: blank leaves at the right end would be truncated away
    // (RFC 9420 §7.7), those left of a member stay.
    churners.sort(java.util.Comparator.comparing(leaves::get));
    churners.remove(0).leave();
    churners.remove(0).leave();
    String thinned = sameCodeEverywhere(List.of("alice", "bob"), crowded, 4);
    int widest = bot.client.roster().stream().mapToInt(Participant::leafIndex).max().orElseThrow();
    assertThat(widest + 1).as("the tree has blank leaves after the churn").isGreaterThan(4);
    pw.page("carol", 1280, 720);
    joinFromLink("carol", "Carol");
    sameCodeEverywhere(List.of("alice", "bob", "carol"), thinned, 5);
    for (int leaf : otherLeaves("carol")) {
      if (pw.eval("carol", "return window.conclave.roster.find(m => m.leaf === " + leaf + ").name;").asText().startsWith("Churn")) {
        continue;
      }
      assertVideoMoves("carol", leaf, 1);
    }
    pw.screenshot("carol", SHOTS.resolve("3-carol-after-churn.png"));
  }

  @Test
  @Order(4)
  void theServerNeverSeesTheInviteSecretNorPlaintext() throws Exception {
    String secret = link.substring(link.indexOf('#') + 1);
    byte[] secretBytes = java.util.Base64.getUrlDecoder().decode(secret);
    byte[] canary = hex(CANARY);
    for (byte[] conn : proxy.receivedByServer()) {
      byte[] seen = WebSocketStream.clientView(conn);
      assertThat(WebSocketStream.contains(seen, ascii(secret))).as("invite secret in a request").isFalse();
      assertThat(WebSocketStream.contains(seen, secretBytes)).as("raw invite secret in a request").isFalse();
      assertThat(WebSocketStream.contains(seen, canary)).as("canary sent in clear").isFalse();
    }
    long relayed = 0;
    for (byte[] conn : proxy.sentByServer()) {
      relayed += conn.length;
      assertThat(WebSocketStream.contains(conn, canary)).as("canary in relayed bytes").isFalse();
    }
    assertThat(relayed).isGreaterThan(100_000);
    try (Stream<Path> files = Files.walk(TARGET.resolve("e2e-data"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] stored = Files.readAllBytes(f);
        assertThat(WebSocketStream.contains(stored, canary)).as("canary stored in " + f).isFalse();
        assertThat(WebSocketStream.contains(stored, ascii(secret))).as("secret stored in " + f).isFalse();
      }
    }
    // The canary really was in Alice's frames: Bob strips it only when it is there.
    assertThat(pw.eval("bob", "return window.conclave.decodeStats().decrypted;").asLong()).isPositive();
  }

  @Test
  @Order(5)
  void latencyThroughTheRelay() throws Exception {
    // Measured in the meeting of scenario 1 (two browsers and the bot): the churn pages would
    // otherwise measure how far an overloaded 2-core machine falls behind.
    String before = sameCodeEverywhere(List.of("alice", "bob", "carol"));
    pw.eval("carol", "window.conclave.leave();");
    pw.closePage("carol");
    for (MeetingClient c : churners) {
      c.leave();
    }
    churners.clear();
    sameCodeEverywhere(List.of("alice", "bob"), before, 3);
    awaitTrue(() -> pw.eval("alice", "return window.conclave.lagMs();").asDouble() < 200
        && pw.eval("bob", "return window.conclave.lagMs();").asDouble() < 200, STEP_TIMEOUT_MS, "pages keep up again");
    double meeting = measureLatency("3-party meeting, the Java bot streaming too");
    // The same path with only the two browsers' media: the machine's two cores then carry one
    // sender and one receiver, as a person's computer would, instead of the whole test.
    bot.pauseMedia(true);
    double twoBrowsers;
    try {
      twoBrowsers = measureLatency("2 browsers only, the Java bot's media paused");
    } finally {
      bot.pauseMedia(false);
    }
    perf.put("Bob's decode worker at the end (frames lost in transit, skipped to catch up at a keyframe, ...)",
        pw.eval("bob", "return JSON.stringify(window.conclave.decodeStats());").asText());
    // The targets (p95 < 50 ms, and join < 1 s above) are measured and reported in
    // target/browser-perf.md, not asserted: on a shared 2-core machine they depend on its load
    // (docs/PERFORMANCE.md), and a red build would hide every other result. What is asserted:
    // frames flow and are matched end to end, and the added latency stays bounded.
    assertThat(meeting).as("p95 added latency (ms), bounded").isLessThan(10_000);
    assertThat(twoBrowsers).as("p95 added latency (ms), bounded").isLessThan(10_000);
  }

  @Test
  @Order(6)
  void aPageThatFellBehindSkipsToFreshVideo() throws Exception {
    int aliceLeaf = pw.eval("alice", "return window.conclave.ownLeaf;").asInt();
    JsonNode before = pw.eval("bob", "return window.conclave.decodeStats();");
    // Bob's decode worker stops for 3 s, as on a device with no CPU to spare: about 45 of Alice's
    // camera frames and 150 audio frames queue up behind it.
    pw.eval("bob", "window.conclave.stallDecoder(3000); return true;");
    double resumed = pw.eval("alice", "return performance.timeOrigin + performance.now();").asDouble() + 3000;
    // It does not decode that backlog: the frames over 500 ms late are skipped, a keyframe is asked
    // for, and the video goes on from it.
    awaitTrue(() -> pw.eval("bob", "return window.conclave.decodeStats().stale;").asInt() >= before.get("stale").asInt() + 30,
        STEP_TIMEOUT_MS, "the frames that waited behind the stall are skipped");
    JsonNode after = pw.eval("bob", "return window.conclave.decodeStats();");
    assertThat(after.get("keyframeRequests").asInt()).as("a keyframe asked for after skipping").isGreaterThan(before.get("keyframeRequests").asInt());
    List<double[]> fresh = new ArrayList<>();
    awaitTrue(() -> {
      fresh.clear();
      fresh.addAll(cameraDelays(aliceLeaf, resumed + 1000));
      return fresh.size() >= 15;
    }, STEP_TIMEOUT_MS, 1000, "Alice's camera decoded at Bob again after the stall");
    List<Double> totals = fresh.stream().map(f -> f[0]).sorted().toList();
    perf.put("after a 3 s stall of Bob's decode worker: frames skipped as over 500 ms late",
        (after.get("stale").asInt() - before.get("stale").asInt()) + "; camera frames encoded from 1 s after it, encode output to decoder input: n="
            + totals.size() + ", p50 " + String.format("%.1f ms", totals.get(totals.size() / 2)) + ", max " + String.format("%.1f ms", totals.getLast()));
  }

  /**
   * Milliseconds from Alice's encoder output to Bob's decoder input for 150 camera frames, split
   * into stages, reported under {@code label}; returns the p95 of the total.
   */
  private double measureLatency(String label) throws Exception {
    int aliceLeaf = pw.eval("alice", "return window.conclave.ownLeaf;").asInt();
    double from = pw.eval("alice", "return performance.timeOrigin + performance.now();").asDouble();
    List<double[]> frames = new ArrayList<>();
    // Polled once a second: copying the timing logs out of the pages is work on their event
    // loops, which also carry the media, so polling fast would add to what is measured.
    awaitTrue(() -> {
      frames.clear();
      frames.addAll(cameraDelays(aliceLeaf, from));
      return frames.size() >= 150;
    }, STEP_TIMEOUT_MS, 1000, "150 camera frames of Alice matched at Bob");
    String[] stages = {"total", "Alice's encode worker: encrypt", "Alice's socket, relay, Bob's socket", "Bob's decode worker: decrypt, jitter buffer"};
    double p95 = 0;
    for (int i = 0; i < stages.length; i++) {
      int stage = i;
      List<Double> d = new ArrayList<>(frames.stream().map(f -> f[stage]).sorted().toList());
      double p50 = d.get(d.size() / 2);
      double p95i = d.get((int) (d.size() * 0.95));
      perf.put("encode output to decoder input (" + label + "), camera frames Alice→Bob (n=" + d.size() + "), " + stages[i],
          String.format("p50 %.1f ms, p95 %.1f ms, max %.1f ms", p50, p95i, d.getLast()));
      if (i == 0) {
        p95 = p95i;
      }
    }
    perf.put("page event-loop lag (" + label + "), worst timer delay in the last 2 s (Alice, Bob)",
        Math.round(pw.eval("alice", "return window.conclave.lagMs();").asDouble()) + " ms, "
            + Math.round(pw.eval("bob", "return window.conclave.lagMs();").asDouble()) + " ms");
    return p95;
  }

  @Test
  @Order(7)
  void aHostAdmitsOrDeniesThoseWithoutTheInviteSecret() throws Exception {
    String before = sameCodeEverywhere(List.of("alice", "bob"), "", 3);
    // A Java participant without the secret asks; the host (Alice) denies it.
    MeetingClient eve = MeetingClient.askToJoin(URI.create(base), meetingId(),
        DeviceIdentity.ephemeral("Eve", CipherSuites.get(1)), MeetingClientConfig.builder().build(), new MeetingListener() {});
    try {
      pw.waitFor("alice", "return document.querySelector('#waiting li[data-from] .name')?.textContent === 'Eve';", STEP_TIMEOUT_MS);
      pw.click("alice", "#waiting li[data-from] .deny");
      pw.waitFor("alice", "return document.querySelector('#waiting li[data-from]') === null;", STEP_TIMEOUT_MS);
      assertThatThrownBy(() -> eve.awaitJoined(Duration.ofSeconds(3))).as("a denied participant stays out")
          .isInstanceOf(TimeoutException.class);
    } finally {
      eve.close();
    }
    // A browser without the secret waits on its waiting screen until the host admits it.
    pw.page("dave", 640, 480);
    pw.go("dave", base + "/m/" + meetingId());
    pw.fill("dave", "#name", "Dave");
    pw.check("dave", "#start-muted");
    pw.check("dave", "#start-camera-off");
    pw.click("dave", "#join");
    pw.waitFor("dave", "return window.conclave?.status === 'waiting' && document.querySelector('#status').textContent.includes('host');", STEP_TIMEOUT_MS);
    pw.screenshot("dave", SHOTS.resolve("6-dave-waiting.png"));
    assertThat(sameCodeEverywhere(List.of("alice", "bob"), "", 3)).as("nobody admitted while waiting").isEqualTo(before);
    pw.waitFor("alice", "return document.querySelector('#waiting li[data-from] .name')?.textContent === 'Dave';", STEP_TIMEOUT_MS);
    pw.screenshot("alice", SHOTS.resolve("6-alice-admits.png"));
    pw.click("alice", "#waiting li[data-from] .admit");
    waitJoined("dave");
    String admitted = sameCodeEverywhere(List.of("alice", "bob", "dave"), before, 4);
    // Dave is told which host admitted him (docs/PROTOCOL.md "Joining" step 5), and is not given
    // the invite secret: it stays with the people who hold the link.
    pw.waitFor("dave", "return window.conclave.notices.some(n => n.startsWith('Admitted by Alice ('));", STEP_TIMEOUT_MS);
    assertThat(pw.eval("dave", "return document.querySelector('#invite-link').value;")).as("Dave's invite link")
        .asString().doesNotContain("#");
    assertThat(pw.eval("dave", "return window.conclave.warnings;")).as("warnings at Dave").isEmpty();
    assertThat(pw.eval("bob", "return window.conclave.warnings;")).as("warnings at Bob").isEmpty();
    pw.eval("dave", "window.conclave.leave();");
    pw.closePage("dave");
    sameCodeEverywhere(List.of("alice", "bob"), admitted, 3);
  }

  @Test
  @Order(8)
  void unreachableServerAndClosedMeetingAreShown() throws Exception {
    // The home page loaded, then the server became unreachable: creating a meeting says so.
    try (RecordingProxy gate = new RecordingProxy(server.port())) {
      pw.page("frank", 640, 480);
      pw.go("frank", "http://127.0.0.1:" + gate.port() + "/");
      gate.close();
      pw.click("frank", "#create");
      try {
        pw.waitFor("frank", "const s = document.querySelector('.home .status'); return s?.dataset.state === 'error' && s.textContent.includes('cannot be reached');", STEP_TIMEOUT_MS);
      } catch (AssertionError e) {
        throw new AssertionError("frank's home page after the server went away: " + pw.eval("frank",
            "const s = document.querySelector('.home .status'); return location.href + ' / ' + s?.dataset.state + ' / ' + s?.textContent;").asText(), e);
      }
      pw.screenshot("frank", SHOTS.resolve("7-unreachable.png"));
      pw.closePage("frank");
    }
    // The host closes the meeting: both browsers say so, and its link no longer lets anyone in.
    String hostToken = pw.eval("alice", "return JSON.parse(sessionStorage.getItem('conclave-created-" + meetingId() + "')).hostToken;").asText();
    HttpResponse<String> closed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/meetings/" + meetingId() + "/close"))
        .header("Authorization", "Bearer " + hostToken).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(closed.statusCode()).isEqualTo(204);
    for (String page : List.of("alice", "bob")) {
      try {
        pw.waitFor(page, "return window.conclave.status === 'closed:meeting-closed' && document.querySelector('#status').textContent.includes('closed');", STEP_TIMEOUT_MS);
      } catch (AssertionError e) {
        throw new AssertionError(page + " does not show the closed meeting: status " + pw.eval(page, "return window.conclave.status + ' / ' + document.querySelector('#status').textContent;").asText()
            + "; the bot's connection: " + bot.disconnects, e);
      }
    }
    pw.screenshot("bob", SHOTS.resolve("7-bob-meeting-closed.png"));
    pw.go("bob", base + "/m/" + meetingId());
    // The lobby comes after the capability probe (a worker, integrity-checked): wait for it to exist.
    pw.waitFor("bob", "const s = document.querySelector('.lobby .status'); return s?.dataset.state === 'closed' && document.querySelector('#join')?.disabled;", STEP_TIMEOUT_MS);
  }

  // ---- helpers ----

  private String meetingId() {
    return link.substring(link.indexOf("/m/") + 3, link.indexOf('#'));
  }

  /**
   * For each of Alice's camera frames encoded since {@code from} (wall clock ms) that both still
   * remember, matched by track and sequence number, milliseconds from Alice's encoder output to
   * Bob's decoder input, and its parts: until Alice's encode worker handed it on to be sent, from
   * there until Bob's socket received it, from there until it went to Bob's decoder.
   */
  private List<double[]> cameraDelays(int aliceLeaf, double from) {
    JsonNode sent = pw.eval("alice", "return window.conclave.timings().encoded.filter(e => e[1] >= " + from + ");");
    JsonNode got = pw.eval("bob", "return window.conclave.timings().decoded.filter(e => e[2] >= " + from + ");");
    Map<String, JsonNode> encoded = new java.util.HashMap<>();
    sent.forEach(e -> encoded.put(e.get(0).asText(), e));
    List<double[]> delays = new ArrayList<>();
    String prefix = aliceLeaf + "/1/";
    got.forEach(e -> {
      String key = e.get(0).asText();
      JsonNode enc = key.startsWith(prefix) ? encoded.get(key.substring(key.indexOf('/') + 1)) : null;
      if (enc != null) {
        double output = enc.get(1).asDouble();
        double handedOff = enc.get(2).asDouble();
        double received = e.get(1).asDouble();
        double decoder = e.get(2).asDouble();
        delays.add(new double[] {decoder - output, handedOff - output, received - handedOff, decoder - received});
      }
    });
    return delays;
  }

  private void joinFromLink(String page, String name) {
    joinFromLink(page, name, false);
  }

  private void joinFromLink(String page, String name, boolean silent) {
    pw.go(page, link);
    awaitLobby(page);
    pw.fill(page, "#name", name);
    if (silent) {
      pw.check(page, "#start-muted");
      pw.check(page, "#start-camera-off");
    }
    pw.click(page, "#join");
    waitJoined(page);
  }

  /**
   * Waits until the lobby shows the camera preview, as a person would before clicking join; the
   * measured join starts at the click.
   */
  private void awaitLobby(String page) {
    pw.waitFor(page, "return document.querySelector('#preview')?.readyState >= 2;", STEP_TIMEOUT_MS);
  }

  private void waitJoined(String page) {
    pw.waitFor(page, "return window.conclave && window.conclave.status === 'joined' && window.conclave.securityCode;", STEP_TIMEOUT_MS);
  }

  /** Milliseconds from the join click to the first decoded remote video frame. */
  private long firstFrameAfterJoin(String page) {
    JsonNode v = pw.waitFor(page, "const c = window.conclave; const f = c.firstRemoteFrameAt(); return f !== undefined && (f - c.joinClickedAt);", STEP_TIMEOUT_MS);
    return Math.round(v.asDouble());
  }

  /**
   * When each join phase (the page's "conclave:" performance marks) first happened, in ms after the
   * click; negative for what the lobby did before it (the relay connection).
   */
  private String joinPhases(String page) {
    return pw.eval(page, "const c = window.conclave; const seen = new Map();"
        + "for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('conclave:') && !seen.has(m.name)) seen.set(m.name, m.startTime);"
        + "seen.set('first-remote-frame', c.firstRemoteFrameAt());"
        + "return [...seen].map(([n, t]) => n.replace('conclave:', '') + ' ' + Math.round(t - c.joinClickedAt)).join(', ');").asText();
  }

  private String sameCodeEverywhere(List<String> pages) throws InterruptedException {
    return sameCodeEverywhere(pages, "", 0);
  }

  private String sameCodeEverywhere(List<String> pages, String previous) throws InterruptedException {
    return sameCodeEverywhere(pages, previous, 0);
  }

  /**
   * Waits until every page and the bot show the same security code, other than {@code previous}
   * (a commit may still be on its way when the caller expects a change), with {@code members}
   * participants in every roster unless it is 0.
   */
  private String sameCodeEverywhere(List<String> pages, String previous, int members) throws InterruptedException {
    long deadline = System.currentTimeMillis() + CODE_TIMEOUT_MS;
    for (;;) {
      List<String> codes = new ArrayList<>();
      List<String> seen = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      for (String p : pages) {
        JsonNode v = pw.eval(p, "const c = window.conclave; return [c.securityCode ?? '', c.epoch ?? '', c.roster.length, Math.round(c.lagMs())];");
        codes.add(v.get(0).asText());
        sizes.add(v.get(2).asInt());
        seen.add(p + "@" + v.get(1).asText() + "/" + v.get(2).asInt() + " " + v.get(0).asText() + " (lag " + v.get(3).asInt() + " ms)");
      }
      Map<String, MeetingClient> java = new LinkedHashMap<>();
      if (bot != null) {
        java.put("bot", bot.client);
      }
      for (int i = 0; i < churners.size(); i++) {
        java.put("java" + i, churners.get(i));
      }
      java.forEach((name, c) -> {
        String code = c.securityCode().map(Object::toString).orElse("");
        codes.add(code);
        sizes.add(c.roster().size());
        seen.add(name + "@" + c.epoch() + "/" + c.roster().size() + " " + code);
      });
      if ((members == 0 || sizes.stream().allMatch(n -> n == members)) && codes.stream().distinct().count() == 1 && !codes.getFirst().isEmpty() && !codes.getFirst().equals(previous)) {
        return codes.getFirst();
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("security codes do not agree" + (previous.isEmpty() ? "" : " on a new one") + ": " + seen);
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
    // The tile's <video> as displayed, copied into a canvas to read its pixels.
    return "const v = document.querySelector('video[data-leaf=\"" + leaf + "\"][data-track=\"" + track + "\"]');"
        + "if (!v || v.videoWidth === 0) return null;"
        + "const c = new OffscreenCanvas(v.videoWidth, v.videoHeight); const g = c.getContext('2d'); g.drawImage(v, 0, 0);"
        + "const d = g.getImageData(0, 0, c.width, c.height).data;"
        + "let sum = 0, hash = 0; for (let i = 0; i < d.length; i += 64) { sum += d[i] + d[i+1] + d[i+2]; hash = (hash * 31 + d[i] + d[i+1] * 7) | 0; }"
        + "return { mean: sum / (d.length / 64 * 3), hash };";
  }

  /** Decoded pixels of `leaf`'s video on `page` are not black and change over time. */
  private void assertVideoMoves(String page, int leaf, int track) throws InterruptedException {
    JsonNode first = pw.waitFor(page, "const s = (() => {" + sample(leaf, track) + "})(); return s && s.mean > 10 && s;", STEP_TIMEOUT_MS);
    long deadline = System.currentTimeMillis() + 15_000;
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
    awaitTrue(check, timeoutMs, 100, what);
  }

  private static void awaitTrue(Check check, long timeoutMs, long pollMs, String what) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!check.ok()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out: " + what);
      }
      Thread.sleep(pollMs);
    }
  }


  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
