package io.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conclave.client.MeetingClient;
import io.conclave.client.MeetingClientConfig;
import io.conclave.client.MeetingListener;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import io.conclave.server.transport.RateLimit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the browser says at the edges (issue 14): a server that wants a creation token, one that is
 * full, one that rate-limits creation; a joiner without the secret while no host is in the
 * meeting; the same person in a second tab; a waiting-room seat that times out; a screen share
 * stopped by the app's button and by the browser's own "Stop sharing"; a host's new invite link
 * that retires the old one. Each scenario is shown at desktop (1280x720) and phone (390x844)
 * size; screenshots in target/screenshots/edge-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeetingEdgeCasesBrowserTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path WEB = MODULE.resolve("../web").normalize();
  private static final Path TARGET = MODULE.resolve("target");
  private static final Path SHOTS = TARGET.resolve("screenshots");
  private static final Path DATA = TARGET.resolve("e2e-edge-data");
  private static final long STEP_MS = 60_000;
  private static final String TOKEN = "edge-case-creation-token";
  /** Short enough to wait out in a test, long enough for a browser host to get from the lobby into the meeting. */
  private static final Duration LOBBY_TIMEOUT = Duration.ofSeconds(12);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every screen capture the page gets, so that the test can end it as the browser's "Stop sharing" does. */
  private static final String SCREEN_SPY = """
      window.__screens = [];
      const gdm = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getDisplayMedia = async (c) => {
        const s = await gdm(c);
        s.getVideoTracks().forEach((t) => window.__screens.push(t));
        return s;
      };
      """;

  /** Every camera and microphone track the page gets, so that the test can tell whether any is still live. */
  private static final String TRACK_SPY = """
      window.__tracks = [];
      const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (c) => {
        const s = await gum(c);
        s.getTracks().forEach((t) => window.__tracks.push(t));
        return s;
      };
      """;

  private final List<ConclaveServer> servers = new ArrayList<>();
  private final List<MeetingClient> javaClients = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private Playwright pw;
  /** The default server: the meeting of Alice (host, desktop) and Bob (phone). */
  private String base;
  private String link;

  @BeforeAll
  void start() throws Exception {
    TestFiles.deleteTree(DATA);
    Files.createDirectories(SHOTS);
    base = startServer("default", b -> b);
    pw = new Playwright(WEB);
  }

  /** Starts a relay with its own data directory; returns its address. */
  private String startServer(String name, UnaryOperator<ServerConfig.Builder> settings) throws Exception {
    ConclaveServer s = ConclaveServer.start(settings.apply(ServerConfig.builder().host("127.0.0.1").port(0).plain()
        .dataDir(DATA.resolve(name)).webRoot(WEB.resolve("target/test-web"))).build());
    servers.add(s);
    return "http://127.0.0.1:" + s.port();
  }

  @AfterAll
  void stop() throws Exception {
    for (MeetingClient c : javaClients) {
      c.close();
    }
    if (pw != null) {
      pw.close();
    }
    for (ConclaveServer s : servers) {
      s.close();
    }
  }

  @Test
  @Order(1)
  void aServerThatWantsACreationTokenAsksForIt() throws Exception {
    String relay = startServer("token", b -> b.creationToken(TOKEN));
    pw.page("token", 1280, 720);
    pw.go("token", relay + "/");
    pw.waitFor("token", "return document.querySelector('#create') !== null;", STEP_MS);
    assertThat(pw.eval("token", "return document.querySelector('#creation-token').closest('label').hidden;").asBoolean())
        .as("no token field before the server asks for one").isTrue();

    // No token: the server answers 401, and the page shows the field.
    pw.click("token", "#create");
    awaitHomeStatus("token", "Enter the creation token this server's operator gave you.", "error");
    assertThat(pw.eval("token", "const f = document.querySelector('#creation-token');"
        + " return !f.closest('label').hidden && document.activeElement === f && !document.querySelector('#create').disabled;").asBoolean())
        .as("the token field is shown and focused, the button usable again").isTrue();
    screenshots("token", "edge-1-token-asked");

    // A wrong token: 403, "not accepted", still on the home page.
    pw.fill("token", "#creation-token", "not-the-token");
    pw.click("token", "#create");
    awaitHomeStatus("token", "That creation token was not accepted.", "error");
    assertThat(pw.eval("token", "return location.pathname === '/' && document.querySelector('#join') === null;").asBoolean())
        .as("no meeting was created").isTrue();
    screenshots("token", "edge-1-token-wrong");

    // The right token: the meeting is created and its lobby appears.
    pw.fill("token", "#creation-token", TOKEN);
    pw.click("token", "#create");
    pw.waitFor("token", "return document.querySelector('.lobby #join')?.textContent === 'Start the meeting'"
        + " && location.pathname.startsWith('/m/') && location.hash.length > 1;", STEP_MS);
    screenshots("token", "edge-1-token-accepted-lobby");
    pw.closePage("token");
  }

  @Test
  @Order(2)
  void aFullServerSaysItIsFull() throws Exception {
    String relay = startServer("full", b -> b.maxMeetings(1));
    // The one meeting this server holds.
    assertThat(createByHttp(relay)).as("the first meeting is created").isEqualTo(201);
    pw.page("full", 390, 844);
    pw.go("full", relay + "/");
    pw.click("full", "#create");
    awaitHomeStatus("full", "This server is full: it holds as many meetings as its operator allows. Try again later.", "full");
    assertThat(pw.eval("full", "return document.querySelector('.home .status').textContent.includes('cannot be reached')"
        + " || document.querySelector('#creation-token').closest('label').hidden === false"
        + " || document.querySelector('#create').disabled;").asBoolean())
        .as("not 'cannot be reached', no token field, the button usable again").isFalse();
    screenshots("full", "edge-2-server-full");
    pw.closePage("full");
  }

  @Test
  @Order(3)
  void aRateLimitedAddressIsToldToWait() throws Exception {
    // One meeting per address, then one every 100 s: Retry-After 100.
    String relay = startServer("rate", b -> b.creationRate(new RateLimit(0.01, 1)));
    assertThat(createByHttp(relay)).as("the first meeting from 127.0.0.1 is created").isEqualTo(201);
    pw.page("rate", 1280, 720);
    pw.go("rate", relay + "/");
    pw.click("rate", "#create");
    awaitHomeStatus("rate", "Too many meetings were created from your address lately. Try again in 100 s.", "rate-limited");
    assertThat(pw.eval("rate", "return location.pathname === '/' && !document.querySelector('#create').disabled;").asBoolean())
        .as("still on the home page, the button usable again").isTrue();
    screenshots("rate", "edge-3-rate-limited");
    pw.closePage("rate");
  }

  @Test
  @Order(4)
  void aJoinerWithoutTheSecretIsToldNoHostIsThere() throws Exception {
    // The host creates the meeting, is its only member, and leaves.
    MeetingClient host = MeetingClient.create(URI.create(base), DeviceIdentity.ephemeral("Host", CipherSuites.get(1)),
        MeetingClientConfig.builder().build(), new MeetingListener() {});
    javaClients.add(host);
    host.awaitJoined(Duration.ofSeconds(60));
    String meetingId = host.meetingId();
    host.leave();

    pw.page("nohost", 390, 844);
    pw.go("nohost", base + "/m/" + meetingId);
    joinMutedWithoutCamera("nohost", "Nina");
    pw.waitFor("nohost", "return window.conclave?.status === 'waiting'"
        + " && document.querySelector('#status').textContent === 'Waiting for a host to let you in…';", STEP_MS);
    pw.waitFor("nohost", "const n = document.querySelector('#waiting-note'); return !n.hidden && n.textContent === "
        + q("No host is in the meeting right now. You will be let in when a host arrives and admits you.") + ";", STEP_MS);
    assertThat(pw.eval("nohost", "return window.conclave.roster.length;").asInt()).as("not let in").isZero();
    screenshots("nohost", "edge-4-no-host-online");
    pw.closePage("nohost");
  }

  @Test
  @Order(5)
  void aSecondTabOfTheSameBrowserIsToldToUseTheFirst() throws Exception {
    meetingOfAliceAndBob();
    // Bob opens his link again in another tab of the same browser.
    pw.tab("bob2", "bob");
    pw.viewport("bob2", 390, 844);
    pw.call("initScript", "bob2", "script", TRACK_SPY);
    pw.go("bob2", link);
    pw.waitFor("bob2", "const s = document.querySelector('.lobby .status'); return s?.getAttribute('data-state') === 'second-tab' && s.textContent === "
        + q("This meeting is already open in another tab of this browser. Use that tab, or close it and reload this one.") + ";", STEP_MS);
    assertThat(pw.eval("bob2", "return document.querySelector('#join').disabled && window.conclave === undefined;").asBoolean())
        .as("the second tab cannot join and has no meeting").isTrue();
    // Nor does it keep the camera and microphone (the lobby opened them before it knew).
    pw.waitFor("bob2", "return window.__tracks.filter(t => t.readyState === 'live').length === 0"
        + " && ['#camera', '#microphone', '#start-muted', '#start-camera-off'].every(s => document.querySelector(s).disabled);", STEP_MS);
    // The first tab is still in the meeting, with the same two members.
    awaitRoster(List.of("alice", "bob"), 2);
    assertThat(pw.eval("bob", "return window.conclave.status;").asText()).isEqualTo("joined");
    screenshots("bob2", "edge-5-second-tab");
    pw.closePage("bob2");
    assertThat(pw.eval("bob", "return window.conclave.status;").asText()).as("closing the second tab leaves the first in").isEqualTo("joined");
  }

  @Test
  @Order(6)
  void aJoinerNobodyAdmitsLosesItsSeatWhenTheLobbyTimesOut() throws Exception {
    String relay = startServer("lobby", b -> b.lobbyTimeout(LOBBY_TIMEOUT));
    pw.page("lobbyhost", 1280, 720);
    pw.go("lobbyhost", relay + "/");
    pw.click("lobbyhost", "#create");
    pw.waitFor("lobbyhost", "return document.querySelector('#join') !== null;", STEP_MS);
    joinMutedWithoutCamera("lobbyhost", "Hope");
    waitJoined("lobbyhost");
    String hostLink = inviteLink("lobbyhost");

    pw.page("late", 390, 844);
    pw.go("late", relay + "/m/" + meetingIdOf(hostLink));
    joinMutedWithoutCamera("late", "Lars");
    pw.waitFor("late", "return window.conclave?.status === 'waiting';", STEP_MS);
    long waiting = System.currentTimeMillis();
    // The host sees the knock and does nothing.
    pw.waitFor("lobbyhost", "return document.querySelector('#waiting li[data-from] .name')?.textContent === 'Lars';", STEP_MS);
    pw.waitFor("late", "return window.conclave.status === 'closed:lobby-timeout' && document.querySelector('#status').textContent === "
        + q("Nobody let you in for a long time, so the server gave up your place in the waiting room. Reload the page to ask again.")
        + ";", LOBBY_TIMEOUT.toMillis() + STEP_MS);
    long waited = System.currentTimeMillis() - waiting;
    assertThat(pw.eval("late", "return window.conclave.roster.length;").asInt()).as("never let in").isZero();
    assertThat(waited).as("the seat went within the lobby time of entering (plus slack), not at some later cleanup").isLessThan(LOBBY_TIMEOUT.toMillis() + 10_000);
    screenshots("late", "edge-6-lobby-timeout");
    assertThat(pw.eval("lobbyhost", "return window.conclave.status === 'joined' && window.conclave.roster.length === 1;").asBoolean())
        .as("the host is still in, alone").isTrue();
    // The relay withdrew Lars's request (join_request_withdrawn): the host's waiting list no longer
    // offers to admit someone who is gone, and its "asking to join" toast (which stays until acted
    // on) goes too.
    pw.waitFor("lobbyhost", "return document.querySelector('#waiting li[data-from]') === null"
        + " && document.querySelector('#toasts .toast.knock') === null;", STEP_MS);
    screenshots("lobbyhost", "edge-6-host-knock-withdrawn");
    pw.closePage("late");
    pw.closePage("lobbyhost");
  }

  @Test
  @Order(7)
  void stoppingAScreenShareRemovesItsTile() throws Exception {
    meetingOfAliceAndBob();
    int aliceLeaf = pw.eval("alice", "return window.conclave.ownLeaf;").asInt();
    String screenTile = "document.querySelector('.tile.screen[data-key=\"" + aliceLeaf + "/2\"]')";
    String noScreen = "return " + screenTile + " === null && document.querySelectorAll('.tile.screen, [data-track=\"2\"]').length === 0;";

    // (a) The app's button.
    pw.click("alice", "#toggle-screen");
    awaitShareButton("alice", "Stop sharing", true);
    awaitScreenShown(screenTile);
    screenshots("bob", "edge-7-bob-sees-screen");
    pw.click("alice", "#toggle-screen");
    awaitShareButton("alice", "Share screen", false);
    pw.waitFor("bob", noScreen, STEP_MS);
    assertThat(pw.eval("alice", "return window.__screens.at(-1).readyState;").asText()).as("the capture is released").isEqualTo("ended");
    screenshots("bob", "edge-7-bob-share-stopped-by-button");

    // (b) The browser's own "Stop sharing": the capture track ends (readyState 'ended', an 'ended' event).
    pw.click("alice", "#toggle-screen");
    awaitShareButton("alice", "Stop sharing", true);
    awaitScreenShown(screenTile);
    assertThat(pw.eval("alice", "return window.__screens.length;").asInt()).as("a new capture").isEqualTo(2);
    pw.eval("alice", "const t = window.__screens.at(-1); t.stop(); t.dispatchEvent(new Event('ended')); return true;");
    awaitShareButton("alice", "Share screen", false);
    pw.waitFor("bob", noScreen, STEP_MS);
    screenshots("alice", "edge-7-alice-share-stopped-by-browser");
    screenshots("bob", "edge-7-bob-share-stopped-by-browser");
    assertThat(pw.eval("bob", "return window.conclave.status;").asText()).isEqualTo("joined");
  }

  @Test
  @Order(8)
  void aNewInviteLinkRetiresTheOldOne() throws Exception {
    meetingOfAliceAndBob();
    String old = link;
    pw.click("alice", "#rotate-link");
    String rotated = pw.waitFor("alice", "const v = document.querySelector('#invite-link').value; return v.includes('#') && v !== "
        + q(old) + " && v;", STEP_MS).asText();
    assertThat(meetingIdOf(rotated)).as("same meeting, new secret").isEqualTo(meetingIdOf(old));
    pw.waitFor("alice", "return window.conclave.notices.includes("
        + q("You rotated the invite link: links shared before no longer let anyone in.") + ");", STEP_MS);
    // Bob, a member, is told; the secret is never sent inside the meeting, so his box stops
    // offering the old link and shows the meeting's address without a secret.
    // "Alice (her key's fingerprint digits) rotated …".
    awaitOrShow("bob", "return window.conclave.notices.some(n => /^Alice \\([0-9 ]+\\) rotated the invite link:"
        + " links shared before no longer let anyone in\\.$/.test(n))"
        + " && document.querySelector('#invite-link').value === " + q(base + "/m/" + meetingIdOf(old)) + ";",
        "return [window.conclave.notices, document.querySelector('#invite-link').value, window.conclave.epoch];");

    // The old link no longer admits by proof: its holder waits for a host, and is told why.
    pw.page("oldlink", 1280, 720);
    pw.go("oldlink", old);
    joinMutedWithoutCamera("oldlink", "Olga");
    pw.waitFor("oldlink", "return window.conclave?.warnings.includes("
        + q("This invite link is not valid any more (wrong, or replaced by a new one). A host can still let you in.")
        + ") && window.conclave.status === 'waiting' && document.querySelector('#status').textContent === 'Waiting for a host to let you in…';", STEP_MS);
    pw.waitFor("alice", "return window.conclave.warnings.includes("
        + q("Olga tried to join with a wrong or old invite link. Let them in only if you know them.") + ");", STEP_MS);
    screenshots("oldlink", "edge-8-old-link-not-valid");
    screenshots("alice", "edge-8-alice-warned-old-link");
    assertThat(pw.eval("oldlink", "return window.conclave.status;").asText()).as("not let in by the old link").isEqualTo("waiting");
    assertThat(pw.eval("alice", "return window.conclave.roster.length;").asInt()).isEqualTo(2);
    pw.click("alice", "#waiting li[data-from] .deny");
    pw.waitFor("oldlink", "return window.conclave.status === 'closed:denied';", STEP_MS);
    pw.closePage("oldlink");

    // The new link admits directly, with nobody clicking anything.
    pw.page("newlink", 390, 844);
    pw.go("newlink", rotated);
    joinMutedWithoutCamera("newlink", "Nils");
    waitJoined("newlink");
    awaitRoster(List.of("alice", "bob", "newlink"), 3);
    assertThat(pw.eval("newlink", "return window.conclave.warnings.length;").asInt()).as("no warning for the new link").isZero();
    screenshots("newlink", "edge-8-new-link-admits");
    pw.closePage("newlink");
  }

  // ---- helpers ----

  /** Alice (desktop, host) and Bob (phone, by the link) in one meeting on the default server; made once. */
  private void meetingOfAliceAndBob() throws Exception {
    if (link != null) {
      return;
    }
    pw.page("alice", 1280, 720);
    pw.call("initScript", "alice", "script", SCREEN_SPY);
    pw.go("alice", base + "/");
    pw.click("alice", "#create");
    pw.waitFor("alice", "return document.querySelector('#join') !== null;", STEP_MS);
    joinMutedWithoutCamera("alice", "Alice");
    waitJoined("alice");
    link = inviteLink("alice");
    pw.page("bob", 390, 844);
    pw.go("bob", link);
    joinMutedWithoutCamera("bob", "Bob");
    waitJoined("bob");
    awaitRoster(List.of("alice", "bob"), 2);
  }

  /** Fills the name, starts muted with the camera off (less load), and clicks Join. */
  private void joinMutedWithoutCamera(String page, String name) {
    pw.waitFor(page, "return document.querySelector('#join') !== null;", STEP_MS);
    pw.fill(page, "#name", name);
    pw.check(page, "#start-muted");
    pw.check(page, "#start-camera-off");
    pw.click(page, "#join");
  }

  private void waitJoined(String page) {
    pw.waitJoined(page, STEP_MS);
  }

  private String inviteLink(String page) {
    return pw.waitFor(page, "const v = document.querySelector('#invite-link').value; return v.includes('#') && v;", STEP_MS).asText();
  }

  private static String meetingIdOf(String invite) {
    int at = invite.indexOf("/m/") + 3;
    int hash = invite.indexOf('#');
    return invite.substring(at, hash < 0 ? invite.length() : hash);
  }

  /** The home page's status line says exactly {@code text}, with {@code state} as its data-state. */
  private void awaitHomeStatus(String page, String text, String state) {
    try {
      pw.waitFor(page, "const s = document.querySelector('.home .status'); return s.textContent === " + q(text)
          + " && s.getAttribute('data-state') === " + q(state) + ";", STEP_MS);
    } catch (AssertionError e) {
      throw new AssertionError(page + ": home status is not '" + text + "' (" + state + "): "
          + pw.eval(page, "const s = document.querySelector('.home .status'); return s && [s.textContent, s.getAttribute('data-state')];"), e);
    }
  }

  /** Waits for {@code expression} on {@code page}; on a time-out, fails with what {@code show} returns there. */
  private void awaitOrShow(String page, String expression, String show) {
    try {
      pw.waitFor(page, expression, STEP_MS);
    } catch (AssertionError e) {
      throw new AssertionError(page + " shows " + pw.eval(page, show), e);
    }
  }

  private void awaitShareButton(String page, String label, boolean pressed) {
    pw.waitFor(page, "const b = document.querySelector('#toggle-screen'); return b.textContent === " + q(label)
        + " && b.getAttribute('aria-pressed') === '" + pressed + "';", STEP_MS);
  }

  /** Bob's tile for Alice's screen shows a picture. */
  private void awaitScreenShown(String screenTile) {
    pw.waitFor("bob", "const t = " + screenTile + "; const v = t?.querySelector('video, canvas');"
        + " return !!v && (v.videoWidth ?? v.width) > 0;", STEP_MS);
  }

  /** Screenshots of {@code page} at desktop and phone size; the page is left at its own size. */
  private void screenshots(String page, String name) {
    int width = pw.eval(page, "return window.innerWidth;").asInt();
    int height = pw.eval(page, "return window.innerHeight;").asInt();
    pw.viewport(page, 1280, 720);
    pw.screenshot(page, SHOTS.resolve(name + "-1280x720.png"));
    pw.viewport(page, 390, 844);
    pw.screenshot(page, SHOTS.resolve(name + "-390x844.png"));
    pw.viewport(page, width, height);
  }

  /** Every page in one epoch with {@code members} members and the same code. */
  private void awaitRoster(List<String> pages, int members) throws Exception {
    pw.awaitSameRoster(pages, members, STEP_MS);
  }

  /** {@code POST /api/meetings} without a token; returns the HTTP status. */
  private int createByHttp(String relay) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(relay + "/api/meetings")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** {@code s} as a JavaScript string literal. */
  private static String q(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

}
