package io.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.client.MeetingClient;
import io.conclave.client.MeetingClientConfig;
import io.conclave.client.MeetingListener;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The meeting's controls in headless Chromium, one meeting for all of them: Alice hosts at desktop
 * size (1280×720), Bob joins at phone size (390×844), Java members join, knock, get removed and
 * record. Each step checks what a person sees (tiles, indicators, panels, toasts, badges) through
 * the DOM, and keeps screenshots in target/screenshots/controls-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeetingControlsBrowserTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path WEB = MODULE.resolve("../web").normalize();
  private static final Path TARGET = MODULE.resolve("target");
  private static final Path SHOTS = TARGET.resolve("screenshots");
  private static final long STEP_MS = 60_000;

  private ConclaveServer server;
  private Playwright pw;
  private String base;
  private String link;
  private final List<MeetingClient> java = new ArrayList<>();
  private MeetingClient carol;

  @BeforeAll
  void start() throws Exception {
    Path data = TARGET.resolve("e2e-controls-data");
    TestFiles.deleteTree(data);
    Files.createDirectories(SHOTS);
    server = ConclaveServer.start(ServerConfig.builder().host("127.0.0.1").port(0).plain().dataDir(data)
        .webRoot(WEB.resolve("target/test-web")).build());
    base = "http://127.0.0.1:" + server.port();
    pw = new Playwright(WEB);
  }

  @AfterAll
  void stop() throws Exception {
    for (MeetingClient c : java) {
      c.close();
    }
    if (pw != null) {
      pw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void everyoneHasATileWithInitialsAndTheLobbyShowsTheMicLevel() throws Exception {
    pw.page("alice", 1280, 720);
    pw.go("alice", base + "/");
    pw.click("alice", "#create");
    awaitLobby("alice");
    // The lobby's microphone meter follows the (fake, beeping) microphone.
    pw.waitFor("alice", "return Number(document.querySelector('#mic-level')?.getAttribute('aria-valuenow')) > 0;", STEP_MS);
    pw.screenshot("alice", SHOTS.resolve("controls-0-lobby-mic-meter-desktop.png"));
    pw.fill("alice", "#name", "Alice Liddell");
    pw.click("alice", "#join");
    waitJoined("alice");
    link = pw.waitFor("alice", "const v = document.querySelector('#invite-link').value; return v.includes('#') && v;", STEP_MS).asText();

    pw.page("bob", 390, 844);
    pw.go("bob", link);
    awaitLobby("bob");
    pw.fill("bob", "#name", "Bob");
    pw.click("bob", "#join");
    waitJoined("bob");

    carol = JavaBot.member(link, "Carol Java");
    java.add(carol);
    carol.awaitJoined(Duration.ofMillis(STEP_MS));
    for (String p : List.of("alice", "bob")) {
      pw.waitFor(p, "return window.conclave.roster.length === 3;", STEP_MS);
    }
    int bobLeaf = leaf("alice", "Bob");
    int carolLeaf = leaf("alice", "Carol Java");
    // Bob's camera tile shows video; Carol sends none: her tile shows her initials.
    pw.waitFor("alice", "return document.querySelector('.tile[data-key=\"" + bobLeaf + "/1\"]')?.dataset.state === 'video';", STEP_MS);
    JsonNode carolTile = pw.waitFor("alice", "const t = document.querySelector('.tile[data-key=\"" + carolLeaf + "/1\"]');"
        + "return t && t.dataset.state === 'no-video' && getComputedStyle(t.querySelector('.avatar')).display !== 'none' && t.querySelector('.avatar').textContent;", STEP_MS);
    assertThat(carolTile.asText()).isEqualTo("CJ");
    assertThat(pw.eval("alice", "return document.querySelectorAll('#grid .tile').length;").asInt()).isEqualTo(3);
    // Join toasts.
    pw.waitFor("alice", "return window.conclave.toasts.some(t => t.kind === 'join' && t.text === 'Bob joined.')"
        + " && window.conclave.toasts.some(t => t.kind === 'join' && t.text === 'Carol Java joined.');", STEP_MS);
    // On the phone the controls are on screen and the panels are collapsed.
    assertOnScreen("bob", "#leave");
    assertOnScreen("bob", "#toggle-chat");
    assertThat(pw.eval("bob", "return document.querySelector('#side').offsetParent === null;").asBoolean()).isTrue();
    pw.screenshot("alice", SHOTS.resolve("controls-1-tiles-desktop.png"));
    pw.screenshot("bob", SHOTS.resolve("controls-1-tiles-phone.png"));
  }

  @Test
  @Order(2)
  void muteAndCameraOffShowOnTheOthersTilesDistinctFromAPoorConnection() throws Exception {
    int bobLeaf = leaf("alice", "Bob");
    String tile = "document.querySelector('.tile[data-key=\"" + bobLeaf + "/1\"]')";
    pw.click("bob", "#toggle-mic");
    pw.click("bob", "#toggle-camera");
    pw.waitFor("alice", "const t = " + tile + "; return t.dataset.state === 'camera-off' && t.hasAttribute('data-muted')"
        + " && !t.querySelector('.mic-off').hidden && t.querySelector('.tile-state').textContent === 'Camera off';", STEP_MS);
    pw.waitFor("alice", "const li = document.querySelector('#roster li[data-leaf=\"" + bobLeaf + "\"]');"
        + "return li.hasAttribute('data-muted') && li.hasAttribute('data-camera-off');", STEP_MS);
    // Bob's own tile shows his initials, and the muted mark.
    pw.waitFor("bob", "const t = document.querySelector('.tile.self'); return t.dataset.state === 'camera-off' && t.hasAttribute('data-muted');", STEP_MS);
    pw.screenshot("alice", SHOTS.resolve("controls-2-bob-muted-camera-off-desktop.png"));
    pw.screenshot("bob", SHOTS.resolve("controls-2-self-muted-camera-off-phone.png"));
    pw.click("bob", "#toggle-camera");
    pw.click("bob", "#toggle-mic");
    pw.waitFor("alice", "const t = " + tile + "; return t.dataset.state === 'video' && !t.hasAttribute('data-muted');", STEP_MS);
  }

  @Test
  @Order(3)
  void pinningMakesSpeakerViewAndATileGoesFullScreen() throws Exception {
    int bobLeaf = leaf("alice", "Bob");
    String tile = ".tile[data-key=\"" + bobLeaf + "/1\"]";
    pw.click("alice", tile + " .pin-tile");
    pw.waitFor("alice", "const g = document.querySelector('#grid'); return g.dataset.layout === 'speaker' && g.firstElementChild.matches('" + tile.replace("'", "\\'") + "[data-pinned]');", STEP_MS);
    pw.screenshot("alice", SHOTS.resolve("controls-3-pinned-desktop.png"));
    pw.click("alice", tile + " .fullscreen-tile");
    pw.waitFor("alice", "return document.fullscreenElement?.matches('" + tile.replace("'", "\\'") + "') === true;", STEP_MS);
    pw.screenshot("alice", SHOTS.resolve("controls-3-fullscreen-desktop.png"));
    pw.eval("alice", "await document.exitFullscreen();");
    pw.click("alice", tile + " .pin-tile");
    pw.waitFor("alice", "return document.querySelector('#grid').dataset.layout === 'grid';", STEP_MS);
    // Bob pins on the phone, where the tools are always shown.
    int aliceLeaf = leaf("bob", "Alice Liddell");
    pw.click("bob", ".tile[data-key=\"" + aliceLeaf + "/1\"] .pin-tile");
    pw.waitFor("bob", "return document.querySelector('#grid').dataset.layout === 'speaker';", STEP_MS);
    pw.screenshot("bob", SHOTS.resolve("controls-3-pinned-phone.png"));
    pw.click("bob", ".tile[data-key=\"" + aliceLeaf + "/1\"] .pin-tile");
  }

  @Test
  @Order(4)
  void chatHasTimesSafeLinksNoBidiControlsAndAnUnreadBadgeOnThePhone() throws Exception {
    String text = "see https://example.org/a?b=1 or javascript:alert(1) \u202Egpj.exe";
    pw.eval("alice", "await window.conclave.sendChat(" + jsString(text) + ");");
    pw.waitFor("bob", "const b = document.querySelector('#chat-unread'); return !b.hidden && b.textContent === '1' && document.title.startsWith('(1) ');", STEP_MS);
    assertOnScreen("bob", "#toggle-chat");
    pw.screenshot("bob", SHOTS.resolve("controls-4-unread-badge-phone.png"));
    pw.click("bob", "#toggle-chat");
    pw.waitFor("bob", "return document.querySelector('#chat-panel').offsetParent !== null && document.querySelector('#chat-unread').hidden;", STEP_MS);
    JsonNode line = pw.eval("bob", "const li = document.querySelector('#chat-log li:last-child'); const a = li.querySelectorAll('a');"
        + "return {links: a.length, href: a[0]?.getAttribute('href'), rel: a[0]?.getAttribute('rel'), target: a[0]?.getAttribute('target'),"
        + " text: li.querySelector('.chat-text').textContent, time: li.querySelector('time')?.getAttribute('datetime'), scripts: li.querySelectorAll('script').length};");
    assertThat(line.get("links").asInt()).isEqualTo(1);
    assertThat(line.get("href").asText()).isEqualTo("https://example.org/a?b=1");
    assertThat(line.get("rel").asText()).isEqualTo("noopener noreferrer");
    assertThat(line.get("target").asText()).isEqualTo("_blank");
    assertThat(line.get("text").asText()).isEqualTo("see https://example.org/a?b=1 or javascript:alert(1) gpj.exe").doesNotContain("\u202E");
    assertThat(line.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertOnScreen("bob", "#chat-input");
    assertOnScreen("bob", "#leave");
    pw.screenshot("bob", SHOTS.resolve("controls-4-chat-panel-phone.png"));
    pw.click("bob", "#toggle-chat");
    // On a desktop the chat is beside the grid: nothing unread.
    pw.eval("bob", "await window.conclave.sendChat('hi Alice');");
    pw.waitFor("alice", "return window.conclave.chat.some(m => m.text === 'hi Alice');", STEP_MS);
    assertThat(pw.eval("alice", "return document.querySelector('#chat-unread').hidden;").asBoolean()).isTrue();
    pw.screenshot("alice", SHOTS.resolve("controls-4-chat-desktop.png"));
  }

  @Test
  @Order(5)
  void aKeyIsVerifiedOnlyWhenThePersonMarksIt() throws Exception {
    int aliceLeaf = leaf("bob", "Alice Liddell");
    String li = "#roster li[data-leaf=\"" + aliceLeaf + "\"]";
    // Nothing claims verification on its own: Alice's key is new or seen before, never "verified".
    assertThat(pw.eval("bob", "return document.querySelector('" + li.replace("'", "\\'") + "').dataset.pin;").asText()).isIn("new", "seen");
    assertThat(pw.eval("bob", "return document.querySelector('" + li.replace("'", "\\'") + " .pin').textContent;").asText()).contains("not verified");
    pw.click("bob", "#toggle-people");
    pw.click("bob", li + " .verify");
    String code = pw.eval("bob", "return window.conclave.securityCode;").asText();
    assertThat(pw.eval("bob", "return document.querySelector('" + li.replace("'", "\\'") + " .verify-code').textContent;").asText()).isEqualTo(code);
    pw.screenshot("bob", SHOTS.resolve("controls-5-verify-phone.png"));
    pw.click("bob", li + " .confirm-verify");
    pw.waitFor("bob", "const l = document.querySelector('" + li.replace("'", "\\'") + "'); return l.dataset.pin === 'verified' && l.querySelector('.pin').textContent === 'verified by you';", STEP_MS);
    // Alice marks Bob on the desktop.
    int bobLeaf = leaf("alice", "Bob");
    String bobLi = "#roster li[data-leaf=\"" + bobLeaf + "\"]";
    pw.click("alice", bobLi + " .verify");
    pw.click("alice", bobLi + " .confirm-verify");
    pw.waitFor("alice", "return document.querySelector('" + bobLi.replace("'", "\\'") + "').dataset.pin === 'verified';", STEP_MS);
    pw.screenshot("alice", SHOTS.resolve("controls-5-verified-desktop.png"));
    pw.screenshot("bob", SHOTS.resolve("controls-5-verified-phone.png"));
    pw.click("bob", "#toggle-people");
  }

  @Test
  @Order(6)
  void aHostAsksToMuteAndTheTargetDecides() throws Exception {
    int bobLeaf = leaf("alice", "Bob");
    pw.click("alice", "#roster li[data-leaf=\"" + bobLeaf + "\"] .ask-mute");
    pw.waitFor("bob", "return window.conclave.muteRequests.includes('Alice Liddell') && document.querySelector('.toast.mute-request .accept-mute') !== null;", STEP_MS);
    // Not muted until Bob says so.
    assertThat(pw.eval("bob", "return document.querySelector('#toggle-mic').getAttribute('aria-pressed');").asText()).isEqualTo("false");
    pw.screenshot("bob", SHOTS.resolve("controls-6-mute-request-phone.png"));
    pw.click("bob", ".toast.mute-request .accept-mute");
    pw.waitFor("alice", "return document.querySelector('.tile[data-key=\"" + bobLeaf + "/1\"]').hasAttribute('data-muted');", STEP_MS);
    pw.click("bob", "#toggle-mic");
  }

  @Test
  @Order(7)
  void aHostMakesBobAHostAndBobRemovesCarol() throws Exception {
    int bobLeaf = leaf("alice", "Bob");
    // Bob is no host: he has no host controls.
    assertThat(pw.eval("bob", "return document.querySelectorAll('#roster .host-controls').length;").asInt()).isZero();
    pw.click("alice", "#roster li[data-leaf=\"" + bobLeaf + "\"] .make-host");
    pw.waitFor("alice", "return window.conclave.roster.some(m => m.name === 'Bob' && m.host);", STEP_MS);
    pw.waitFor("bob", "return window.conclave.roster.some(m => m.name === 'Bob' && m.host) && window.conclave.notices.some(n => n.includes('changed who the hosts'));", STEP_MS);
    int carolLeaf = leaf("bob", "Carol Java");
    pw.click("bob", "#toggle-people");
    pw.screenshot("bob", SHOTS.resolve("controls-7-bob-host-phone.png"));
    pw.click("bob", "#roster li[data-leaf=\"" + carolLeaf + "\"] .remove");
    pw.click("bob", "#roster li[data-leaf=\"" + carolLeaf + "\"] .confirm-remove");
    long deadline = System.currentTimeMillis() + STEP_MS;
    while (!carol.isRemoved()) {
      assertThat(System.currentTimeMillis()).as("Carol's client applied her removal").isLessThan(deadline);
      Thread.sleep(100);
    }
    for (String p : List.of("alice", "bob")) {
      pw.waitFor(p, "return window.conclave.roster.length === 2;", STEP_MS);
    }
    pw.waitFor("alice", "return window.conclave.toasts.some(t => t.text === 'Bob removed Carol Java from the meeting.');", STEP_MS);
    assertThat(pw.eval("alice", "return document.querySelectorAll('#grid .tile').length;").asInt()).isEqualTo(2);
    assertThat(pw.eval("alice", "return window.conclave.warnings.filter(w => w.startsWith('Refused')).length;").asInt()).isZero();
    pw.screenshot("alice", SHOTS.resolve("controls-7-carol-removed-desktop.png"));
    pw.click("bob", "#toggle-people");
  }

  @Test
  @Order(8)
  void aKnockIsAToastAndTheWaitingListWorksOnThePhoneToo() throws Exception {
    String meetingId = link.substring(link.indexOf("/m/") + 3, link.indexOf('#'));
    MeetingClient dave = MeetingClient.askToJoin(URI.create(base), meetingId, DeviceIdentity.ephemeral("Dave", CipherSuites.get(1)),
        MeetingClientConfig.builder().build(), new MeetingListener() {});
    java.add(dave);
    for (String p : List.of("alice", "bob")) {
      pw.waitFor(p, "return window.conclave.toasts.some(t => t.kind === 'knock' && t.text === 'Dave is asking to join.')"
          + " && document.querySelector('#waiting li[data-from] .name')?.textContent === 'Dave';", STEP_MS);
    }
    assertOnScreen("bob", "#waiting li[data-from] .admit");
    pw.screenshot("alice", SHOTS.resolve("controls-8-knock-desktop.png"));
    pw.screenshot("bob", SHOTS.resolve("controls-8-knock-phone.png"));
    pw.click("bob", "#waiting li[data-from] .admit");
    dave.awaitJoined(Duration.ofMillis(STEP_MS));
    pw.waitFor("alice", "return window.conclave.roster.length === 3 && window.conclave.toasts.some(t => t.text === 'Dave joined.');", STEP_MS);
    dave.leave();
    pw.waitFor("alice", "return window.conclave.roster.length === 2 && window.conclave.toasts.some(t => t.kind === 'leave' && t.text === 'Dave left.');", STEP_MS);
  }

  @Test
  @Order(9)
  void aLockedMeetingAdmitsNobody() throws Exception {
    pw.click("alice", "#lock-meeting");
    for (String p : List.of("alice", "bob")) {
      pw.waitFor(p, "return window.conclave.locked && !document.querySelector('#lock-state').hidden;", STEP_MS);
    }
    MeetingClient eve = JavaBot.member(link, "Eve");
    java.add(eve);
    pw.waitFor("alice", "return window.conclave.toasts.some(t => t.text === 'Eve tried to join: the meeting is locked.');", STEP_MS);
    pw.screenshot("alice", SHOTS.resolve("controls-9-locked-desktop.png"));
    pw.screenshot("bob", SHOTS.resolve("controls-9-locked-phone.png"));
    Thread.sleep(2000);
    assertThat(pw.eval("alice", "return window.conclave.roster.length;").asInt()).isEqualTo(2);
    eve.close();
    pw.click("alice", "#lock-meeting");
    pw.waitFor("bob", "return !window.conclave.locked && document.querySelector('#lock-state').hidden;", STEP_MS);
  }

  @Test
  @Order(10)
  void aRecorderIsAnnouncedToEveryone() throws Exception {
    MeetingClient rec = JavaBot.member(link, "Recorder");
    java.add(rec);
    rec.awaitJoined(Duration.ofMillis(STEP_MS));
    rec.announceRecording(true);
    for (String p : List.of("alice", "bob")) {
      pw.waitFor(p, "const b = document.querySelector('#recording-banner'); return !b.hidden && b.textContent.includes('Recorder')"
          + " && document.querySelector('#roster .badge.recording') !== null;", STEP_MS);
    }
    pw.screenshot("alice", SHOTS.resolve("controls-10-recording-desktop.png"));
    pw.screenshot("bob", SHOTS.resolve("controls-10-recording-phone.png"));
    rec.announceRecording(false);
    pw.waitFor("alice", "return document.querySelector('#recording-banner').hidden;", STEP_MS);
  }

  @Test
  @Order(11)
  void devicesCanBeSwitchedInTheCall() throws Exception {
    pw.click("bob", "#toggle-devices");
    pw.waitFor("bob", "return document.querySelector('#camera-select').options.length > 0 && document.querySelector('#mic-select').options.length > 0;", STEP_MS);
    assertOnScreen("bob", "#camera-select");
    pw.screenshot("bob", SHOTS.resolve("controls-11-devices-phone.png"));
    // Choosing a camera opens it and sends it: Alice keeps getting Bob's pictures.
    pw.eval("bob", "const s = document.querySelector('#camera-select'); s.value = s.options[s.options.length - 1].value; s.dispatchEvent(new Event('change'));");
    pw.eval("bob", "const s = document.querySelector('#mic-select'); s.value = s.options[s.options.length - 1].value; s.dispatchEvent(new Event('change'));");
    Thread.sleep(1500);
    assertThat(pw.eval("bob", "return document.querySelector('#devices-note').textContent;").asText()).isEmpty();
    int bobLeaf = leaf("alice", "Bob");
    pw.waitFor("alice", "return document.querySelector('.tile[data-key=\"" + bobLeaf + "/1\"]').dataset.state === 'video';", STEP_MS);
    pw.click("alice", "#toggle-devices");
    assertThat(pw.eval("alice", "return document.querySelector('#speaker-select') !== null;").asBoolean()).isTrue();
    pw.screenshot("alice", SHOTS.resolve("controls-11-devices-desktop.png"));
  }

  // ---- helpers ----

  private int leaf(String page, String name) {
    // Leaf 0 is falsy: the page returns an object.
    return pw.waitFor(page, "const m = window.conclave.roster.find(m => m.name === " + jsString(name) + "); return m !== undefined && {leaf: m.leaf};", STEP_MS)
        .get("leaf").asInt();
  }

  /** The element is inside the viewport (a person sees it without scrolling). */
  private void assertOnScreen(String page, String selector) {
    JsonNode r = pw.eval(page, "const e = document.querySelector(" + jsString(selector) + "); if (!e) return null; const b = e.getBoundingClientRect();"
        + "return b.width > 0 && b.height > 0 && b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight && b.right <= innerWidth;");
    assertThat(r.asBoolean()).as(selector + " on screen in " + page).isTrue();
  }

  private void awaitLobby(String page) {
    pw.waitFor(page, "return document.querySelector('#preview')?.readyState >= 2;", STEP_MS);
  }

  private void waitJoined(String page) {
    pw.waitFor(page, "return window.conclave && window.conclave.status === 'joined' && window.conclave.securityCode;", STEP_MS);
  }

  private static String jsString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

}
