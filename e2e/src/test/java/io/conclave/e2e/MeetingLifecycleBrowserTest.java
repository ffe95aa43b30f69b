package io.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.cli.bot.MediaLoop;
import io.conclave.cli.bot.Pacer;
import io.conclave.client.InviteLink;
import io.conclave.client.MeetingClient;
import io.conclave.client.MeetingClientConfig;
import io.conclave.client.MeetingListener;
import io.conclave.client.ReceivedFrame;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import io.conclave.sframe.media.Track;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A meeting's life in the browser (issue 14): camera and microphone off release the devices, the
 * host gets back in from the same tab (reload, Leave then Join again), the waiting room answers,
 * every participant, browser and Java, is back with media within 5 s of a restarted relay
 * answering, and the host ends the meeting for everyone. Desktop (Alice, 1280x720) and phone
 * (Bob, 390x844) viewports; screenshots in target/screenshots/life-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeetingLifecycleBrowserTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path WEB = MODULE.resolve("../web").normalize();
  private static final Path TARGET = MODULE.resolve("target");
  private static final Path SHOTS = TARGET.resolve("screenshots");
  private static final Path FIXTURES = WEB.resolve("../cli/src/test/resources/media").normalize();
  private static final Path DATA = TARGET.resolve("e2e-life-data");
  private static final long STEP_MS = 60_000;
  /** Back with media this soon after the restarted relay answers (issue 14). */
  private static final long BACK_WITHIN_MS = 5_000;

  /**
   * Every MediaStreamTrack the page gets from getUserMedia or by cloning, so that the test can
   * tell whether any capture is still live (the camera LED).
   */
  private static final String TRACK_SPY = """
      window.__tracks = [];
      const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (c) => {
        const s = await gum(c);
        s.getTracks().forEach((t) => window.__tracks.push(t));
        return s;
      };
      const clone = MediaStreamTrack.prototype.clone;
      MediaStreamTrack.prototype.clone = function () {
        const t = clone.call(this);
        window.__tracks.push(t);
        return t;
      };
      """;

  private ConclaveServer server;
  private int port;
  private Playwright pw;
  private String base;
  private String link;
  private JavaParticipant java;

  @BeforeAll
  void start() throws Exception {
    TestFiles.deleteTree(DATA);
    Files.createDirectories(SHOTS);
    server = startServer(0);
    port = server.port();
    base = "http://127.0.0.1:" + port;
    pw = new Playwright(WEB);
  }

  private static ConclaveServer startServer(int port) throws Exception {
    return ConclaveServer.start(ServerConfig.builder().host("127.0.0.1").port(port).plain().dataDir(DATA)
        .webRoot(WEB.resolve("target/test-web")).build());
  }

  @AfterAll
  void stop() throws Exception {
    if (java != null) {
      java.close();
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
  void cameraAndMicrophoneOffReleaseTheDevices() throws Exception {
    pw.page("alice", 1280, 720);
    pw.call("initScript", "alice", "script", TRACK_SPY);
    pw.go("alice", base + "/");
    pw.click("alice", "#create");
    pw.waitFor("alice", "return document.querySelector('#join') !== null;", STEP_MS);
    pw.fill("alice", "#name", "Alice");
    pw.waitFor("alice", liveTracks("video") + " > 0", STEP_MS);
    // "Start with camera off" in the lobby releases the camera at once.
    pw.check("alice", "#start-camera-off");
    pw.waitFor("alice", "return " + liveCount("video") + " === 0;", STEP_MS);
    pw.click("alice", "#join");
    waitJoined("alice");
    link = pw.waitFor("alice", "const v = document.querySelector('#invite-link').value; return v.includes('#') && v;", STEP_MS).asText();
    assertThat(pw.eval("alice", "return " + liveCount("video") + ";").asInt()).as("camera started off").isZero();
    pw.click("alice", "#toggle-camera");
    pw.waitFor("alice", "return " + liveCount("video") + " > 0;", STEP_MS);
    pw.click("alice", "#toggle-camera");
    pw.waitFor("alice", "return " + liveCount("video") + " === 0;", STEP_MS);
    pw.screenshot("alice", SHOTS.resolve("life-1-alice-camera-off-1280x720.png"));

    pw.page("bob", 390, 844);
    pw.call("initScript", "bob", "script", TRACK_SPY);
    joinFromLink("bob", "Bob");
    pw.waitFor("bob", "return " + liveCount("video") + " > 0 && " + liveCount("audio") + " > 0;", STEP_MS);
    pw.click("bob", "#toggle-camera");
    pw.waitFor("bob", "return " + liveCount("video") + " === 0;", STEP_MS);
    pw.click("bob", "#toggle-mic");
    pw.waitFor("bob", "return " + liveCount("audio") + " === 0;", STEP_MS);
    pw.screenshot("bob", SHOTS.resolve("life-1-bob-camera-and-mic-off-phone.png"));
    // On again: new captures, and Alice sees Bob's video.
    pw.click("bob", "#toggle-camera");
    pw.click("bob", "#toggle-mic");
    pw.waitFor("bob", "return " + liveCount("video") + " > 0 && " + liveCount("audio") + " > 0;", STEP_MS);
    int bobLeaf = pw.eval("bob", "return window.conclave.ownLeaf;").asInt();
    pw.waitFor("alice", "return !!document.querySelector('video[data-leaf=\"" + bobLeaf + "\"]');", STEP_MS);
  }

  @Test
  @Order(2)
  void theHostGetsBackInFromTheSameTab() throws Exception {
    // F5 with Bob in the meeting: Alice comes back through the link, no 4409.
    reload("alice");
    pw.waitFor("alice", "return document.querySelector('#join')?.textContent === 'Join again';", STEP_MS);
    pw.screenshot("alice", SHOTS.resolve("life-2-alice-reloaded-lobby.png"));
    pw.fill("alice", "#name", "Alice");
    pw.click("alice", "#join");
    waitJoined("alice");
    awaitRoster(List.of("alice", "bob"), 2);
    assertThat(pw.eval("alice", "return window.conclave.roster.find(m => m.self).host;").asBoolean())
        .as("Alice is still a host").isTrue();

    // Leave, then "Join again".
    pw.eval("alice", "window.conclave.leave();");
    pw.waitFor("alice", "return document.querySelector('#rejoin') !== null;", STEP_MS);
    pw.click("alice", "#rejoin");
    awaitAcrossNavigation("alice", "return document.querySelector('#join')?.textContent === 'Join again';");
    pw.fill("alice", "#name", "Alice");
    pw.click("alice", "#join");
    waitJoined("alice");
    awaitRoster(List.of("alice", "bob"), 2);

    // Alone in the meeting: the reload starts the group again ("Start the meeting"), and Bob,
    // who left meanwhile, comes back in by the link.
    pw.eval("bob", "window.conclave.leave();");
    awaitRoster(List.of("alice"), 1);
    reload("alice");
    pw.waitFor("alice", "return document.querySelector('#join')?.textContent === 'Start the meeting';", STEP_MS);
    pw.fill("alice", "#name", "Alice");
    pw.click("alice", "#join");
    waitJoined("alice");
    assertThat(pw.eval("alice", "return window.conclave.status;").asText()).isEqualTo("joined");
    joinFromLink("bob", "Bob");
    awaitRoster(List.of("alice", "bob"), 2);
    pw.screenshot("alice", SHOTS.resolve("life-2-alice-back-1280x720.png"));
    pw.screenshot("bob", SHOTS.resolve("life-2-bob-back-phone.png"));
  }

  @Test
  @Order(3)
  void theWaitingRoomAnswers() throws Exception {
    // Without the secret, denied by the host: told so.
    pw.page("carol", 390, 844);
    pw.go("carol", base + "/m/" + meetingId());
    pw.fill("carol", "#name", "Carol");
    pw.check("carol", "#start-muted");
    pw.check("carol", "#start-camera-off");
    pw.click("carol", "#join");
    pw.waitFor("carol", "return window.conclave?.status === 'waiting';", STEP_MS);
    pw.waitFor("alice", "return document.querySelector('#waiting li[data-from] .name')?.textContent === 'Carol';", STEP_MS);
    pw.click("alice", "#waiting li[data-from] .deny");
    pw.waitFor("carol", "return window.conclave.status === 'closed:denied' && document.querySelector('#status').textContent.includes('did not let you in');", STEP_MS);
    pw.screenshot("carol", SHOTS.resolve("life-3-carol-denied-phone.png"));
    pw.closePage("carol");

    // A wrong secret: the joiner is told the link is not valid, the host is warned.
    pw.page("dave", 1280, 720);
    pw.go("dave", base + "/m/" + meetingId() + "#" + "A".repeat(43));
    pw.fill("dave", "#name", "Dave");
    pw.check("dave", "#start-muted");
    pw.check("dave", "#start-camera-off");
    pw.click("dave", "#join");
    pw.waitFor("dave", "return window.conclave?.warnings.some(w => w.includes('not valid'));", STEP_MS);
    pw.waitFor("alice", "return window.conclave.warnings.some(w => w.includes('Dave') && w.includes('wrong or old invite link'));", STEP_MS);
    pw.screenshot("dave", SHOTS.resolve("life-3-dave-wrong-secret.png"));
    pw.screenshot("alice", SHOTS.resolve("life-3-alice-warned.png"));
    pw.click("alice", "#waiting li[data-from] .deny");
    pw.waitFor("dave", "return window.conclave.status === 'closed:denied';", STEP_MS);
    pw.closePage("dave");
  }

  @Test
  @Order(4)
  void afterARelayRestartEveryoneIsBackWithMediaWithinFiveSeconds() throws Exception {
    java = new JavaParticipant(link);
    awaitRoster(List.of("alice", "bob"), 3);
    // Everyone sends video.
    for (String page : List.of("alice", "bob")) {
      if (pw.eval(page, "return " + liveCount("video") + ";").asInt() == 0) {
        pw.click(page, "#toggle-camera");
      }
    }
    int aliceLeaf = pw.eval("alice", "return window.conclave.ownLeaf;").asInt();
    int bobLeaf = pw.eval("bob", "return window.conclave.ownLeaf;").asInt();
    int javaLeaf = java.client.awaitJoined(Duration.ofSeconds(1));
    awaitFreshMedia(0, aliceLeaf, bobLeaf, javaLeaf, STEP_MS);

    server.close();
    pw.waitFor("alice", "return window.conclave.status === 'reconnecting' || window.conclave.status === 'unreachable';", STEP_MS);
    Thread.sleep(2000);
    server = startServer(port);
    long answering = System.currentTimeMillis();
    awaitFreshMedia(answering, aliceLeaf, bobLeaf, javaLeaf, BACK_WITHIN_MS + 25_000);
    long backMs = System.currentTimeMillis() - answering;
    pw.screenshot("alice", SHOTS.resolve("life-4-alice-after-restart-1280x720.png"));
    pw.screenshot("bob", SHOTS.resolve("life-4-bob-after-restart-phone.png"));
    assertThat(java.events).as("the Java participant resumed").contains("resumed");
    assertThat(backMs).as("everyone back with media within 5 s of the relay answering").isLessThan(BACK_WITHIN_MS);
  }

  @Test
  @Order(5)
  void theHostEndsTheMeetingForEveryone() throws Exception {
    pw.eval("alice", "window.conclave.endMeeting();");
    for (String page : List.of("alice", "bob")) {
      pw.waitFor(page, "return window.conclave.status === 'closed:meeting-closed' && document.querySelector('#status').textContent.includes('host ended the meeting');", STEP_MS);
      // Nothing is captured any more once the meeting is over.
      pw.waitFor(page, "return " + liveCount("video") + " === 0 && " + liveCount("audio") + " === 0;", STEP_MS);
    }
    pw.screenshot("bob", SHOTS.resolve("life-5-bob-meeting-ended-phone.png"));
    pw.screenshot("alice", SHOTS.resolve("life-5-alice-meeting-ended-1280x720.png"));
    long deadline = System.currentTimeMillis() + STEP_MS;
    while (!java.events.contains("disconnected 4410")) {
      assertThat(System.currentTimeMillis()).as("Java participant told the meeting ended: " + java.events).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  // ---- helpers ----

  /** Live tracks of `kind` among those the page got (a page script expression). */
  private static String liveCount(String kind) {
    return "window.__tracks.filter(t => t.kind === '" + kind + "' && t.readyState === 'live').length";
  }

  private static String liveTracks(String kind) {
    return "return " + liveCount(kind);
  }

  private String meetingId() {
    return link.substring(link.indexOf("/m/") + 3, link.indexOf('#'));
  }

  private void reload(String page) throws InterruptedException {
    pw.eval(page, "setTimeout(() => location.reload(), 0); return true;");
    awaitAcrossNavigation(page, "return document.querySelector('.lobby') !== null && !!document.querySelector('#join');");
  }

  /** Waits for {@code expression} on a page that is navigating: a destroyed context is retried. */
  private void awaitAcrossNavigation(String page, String expression) throws InterruptedException {
    long deadline = System.currentTimeMillis() + STEP_MS;
    for (;;) {
      try {
        pw.waitFor(page, expression, STEP_MS);
        return;
      } catch (AssertionError e) {
        if (!String.valueOf(e.getMessage()).contains("context was destroyed") || System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private void joinFromLink(String page, String name) {
    // A fresh load: going to the same URL (only the fragment differs or nothing) would not reload.
    pw.go(page, "about:blank");
    pw.go(page, link);
    pw.waitFor(page, "return document.querySelector('#preview')?.readyState >= 2;", STEP_MS);
    pw.fill(page, "#name", name);
    pw.click(page, "#join");
    waitJoined(page);
  }

  private void waitJoined(String page) {
    pw.waitJoined(page, STEP_MS);
  }

  /** Every page in one epoch with {@code members} members and the same code. */
  private void awaitRoster(List<String> pages, int members) throws Exception {
    pw.awaitSameRoster(pages, members, STEP_MS);
  }

  /**
   * Waits until, after {@code since} (wall clock ms), each browser decoded video from the two
   * others, and the Java participant received media from both browsers.
   */
  private void awaitFreshMedia(long since, int aliceLeaf, int bobLeaf, int javaLeaf, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    Map<String, int[]> want = Map.of("alice", new int[] {bobLeaf, javaLeaf}, "bob", new int[] {aliceLeaf, javaLeaf});
    for (;;) {
      boolean ok = java.lastFrameAt(aliceLeaf) > since && java.lastFrameAt(bobLeaf) > since;
      for (var e : want.entrySet()) {
        for (int leaf : e.getValue()) {
          ok &= pw.eval(e.getKey(), "return window.conclave.status === 'joined' && window.conclave.timings().decoded.some(d => d[0].startsWith('"
              + leaf + "/1/') && d[1] > " + since + ");").asBoolean();
        }
      }
      if (ok) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not everyone back with media: alice " + pw.eval("alice", "return window.conclave.status;")
            + ", bob " + pw.eval("bob", "return window.conclave.status;") + ", java " + java.events
            + ", java frames from alice/bob at " + java.lastFrameAt(aliceLeaf) + "/" + java.lastFrameAt(bobLeaf) + " since " + since);
      }
      Thread.sleep(100);
    }
  }

  /** A Java participant streaming the CLI's fixtures and noting when it last heard each member. */
  private static final class JavaParticipant implements AutoCloseable {
    final List<String> events = new CopyOnWriteArrayList<>();
    final Map<Integer, Long> lastFrame = new ConcurrentHashMap<>();
    final MeetingClient client;
    private final Thread streamer;

    JavaParticipant(String link) throws Exception {
      List<MediaLoop> loops = List.of(MediaLoop.load(FIXTURES.resolve("testsrc-vp8.ivf")),
          MediaLoop.load(FIXTURES.resolve("tone-opus.ogg")));
      MeetingClient[] self = new MeetingClient[1];
      Pacer pacer = new Pacer(loops, (header, payload) -> {
        try {
          self[0].sendMedia(header, payload);
        } catch (IllegalStateException e) {
          // Reconnecting or between epochs.
        }
      });
      client = MeetingClient.join(InviteLink.parse(link), DeviceIdentity.ephemeral("Java", CipherSuites.get(1)),
          MeetingClientConfig.builder().build(), new MeetingListener() {
            @Override
            public void media(ReceivedFrame frame) {
              lastFrame.put(frame.senderLeaf(), System.currentTimeMillis());
            }

            @Override
            public void keyframeRequested(Track track) {
              pacer.requestKeyframe(track);
            }

            @Override
            public void epochChanged(long epoch, List<io.conclave.client.Participant> roster,
                io.conclave.client.identity.SecurityCode code) {
              pacer.requestKeyframe(Track.CAMERA_VIDEO);
            }

            @Override
            public void reconnected(boolean rejoined) {
              events.add(rejoined ? "rejoined" : "resumed");
            }

            @Override
            public void disconnected(int code, String reason) {
              events.add("disconnected " + code);
            }
          });
      self[0] = client;
      client.awaitJoined(Duration.ofSeconds(60));
      streamer = new Thread(() -> {
        try {
          pacer.run(-1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "life-java-media");
      streamer.setDaemon(true);
      streamer.start();
    }

    long lastFrameAt(int leaf) {
      return lastFrame.getOrDefault(leaf, 0L);
    }

    @Override
    public void close() {
      streamer.interrupt();
      client.close();
    }
  }

}
