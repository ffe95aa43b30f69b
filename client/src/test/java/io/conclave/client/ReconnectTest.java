package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Java participants recover from a lost connection as the browser does (docs/PROTOCOL.md
 * "Reconnecting"): after a relay restart they resume their seats, their media flows again and chat
 * typed while away arrives; one that missed commits while cut off joins again with a new
 * KeyPackage.
 */
class ReconnectTest {
  /** Every participant must be back with media this soon after the relay answers again. */
  private static final long BACK_WITHIN_MS = 5_000;

  /** A listener that also records the reconnect events. */
  private static final class Watcher implements MeetingListener {
    final Recorder recorder;
    final List<String> events = new CopyOnWriteArrayList<>();

    Watcher(String name) {
      recorder = new Recorder(name);
    }

    @Override
    public void chat(ChatMessage message) {
      recorder.chat(message);
    }

    @Override
    public void media(ReceivedFrame frame) {
      recorder.media(frame);
    }

    @Override
    public void reconnecting(int attempt, Duration delay, int code, String reason) {
      events.add("reconnecting");
    }

    @Override
    public void reconnected(boolean rejoined) {
      events.add(rejoined ? "rejoined" : "resumed");
    }

    @Override
    public void disconnected(int code, String reason) {
      events.add("disconnected " + code);
    }

    @Override
    public void error(String what, Throwable cause) {
      recorder.error(what, cause);
    }
  }

  @Test
  void afterARelayRestartEveryoneIsBackWithMediaAndTheChatTypedMeanwhile() throws Exception {
    Path data = Files.createDirectories(Path.of("target", "it-" + UUID.randomUUID()));
    ServerConfig config = ServerConfig.builder().port(0).dataDir(data).build();
    ConclaveServer server = ConclaveServer.start(config);
    int port = server.port();
    URI uri = URI.create("http://127.0.0.1:" + port);
    Watcher hostEvents = new Watcher("host");
    Watcher guestEvents = new Watcher("guest");
    MeetingClientConfig clientConfig = MeetingClientConfig.builder().commitBackoff(Duration.ofMillis(700)).build();
    try (MeetingClient host = MeetingClient.create(uri, LiveMeeting.identity("host"), clientConfig, hostEvents)) {
      host.awaitJoined(LiveMeeting.TIMEOUT);
      InviteLink link = InviteLink.parse(host.inviteLink().orElseThrow().format());
      try (MeetingClient guest = MeetingClient.join(link, LiveMeeting.identity("guest"), clientConfig, guestEvents)) {
        guest.awaitJoined(LiveMeeting.TIMEOUT);
        LiveMeeting.awaitConverged(List.of(host, guest));
        long epoch = host.epoch();

        server.close();
        LiveMeeting.await("both notice the relay is gone", () -> !hostEvents.events.isEmpty()
            && !guestEvents.events.isEmpty());
        // Typed while the relay is down: queued, not lost, not refused.
        guest.sendChat("typed while the relay was down");
        Thread.sleep(1500);

        server = ConclaveServer.start(ServerConfig.builder().port(port).dataDir(data).build());
        long answering = System.nanoTime();
        int before = hostEvents.recorder.frames.size();
        Thread streamer = Thread.ofVirtual().start(() -> {
          byte[] payload = new byte[1200];
          for (int seq = 0; !Thread.currentThread().isInterrupted(); seq++) {
            try {
              guest.sendMedia(new MediaFrameHeader(Track.AUDIO, false, 0, 0, seq), payload);
              Thread.sleep(20);
            } catch (InterruptedException e) {
              return;
            } catch (IllegalStateException e) {
              // Reconnecting: the frame is skipped.
            }
          }
        });
        try {
          LiveMeeting.await("media from the guest again", () -> hostEvents.recorder.frames.size() > before);
          long backMs = (System.nanoTime() - answering) / 1_000_000;
          assertThat(backMs).as("media again within 5 s of the relay answering").isLessThan(BACK_WITHIN_MS);
        } finally {
          streamer.interrupt();
        }
        LiveMeeting.await("the queued chat", () -> hostEvents.recorder.chats.stream()
            .anyMatch(c -> c.text().equals("typed while the relay was down")));
        assertThat(hostEvents.events).contains("resumed").doesNotContain("disconnected 1000");
        assertThat(guestEvents.events).contains("resumed");
        // Resumed, not rejoined: same epoch, same members.
        assertThat(host.epoch()).isEqualTo(epoch);
        assertThat(guest.epoch()).isEqualTo(epoch);
        assertThat(hostEvents.recorder.errors).isEmpty();
        assertThat(guestEvents.recorder.errors).isEmpty();
      }
    } finally {
      server.close();
    }
  }

  @Test
  void aParticipantThatMissedCommitsJoinsAgain() throws Exception {
    try (LiveMeeting meeting = new LiveMeeting()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = InviteLink.parse(host.inviteLink().orElseThrow().format());
      // The guest reaches the relay through its own proxy, whose network can be cut.
      try (RecordingProxy guestNet = new RecordingProxy(meeting.server.port())) {
        InviteLink guestLink = InviteLink.parse(link.format().replace(":" + meeting.uri.getPort() + "/",
            ":" + guestNet.port() + "/"));
        Watcher guestEvents = new Watcher("guest");
        MeetingClient guest = MeetingClient.join(guestLink, LiveMeeting.identity("guest"), meeting.config().build(),
            guestEvents);
        try {
          guest.awaitJoined(LiveMeeting.TIMEOUT);
          LiveMeeting.awaitConverged(List.of(host, guest));
          guestNet.cut();
          LiveMeeting.await("the guest notices", () -> guestEvents.events.contains("reconnecting"));
          // While it is away, someone joins: the group moves on without the guest.
          MeetingClient third = meeting.join(link, "third");
          LiveMeeting.await("the third is in", () -> third.roster().size() == 3 && host.epoch() == third.epoch());
          guest.sendChat("typed while cut off");
          guestNet.heal();
          LiveMeeting.await("the guest joins again", () -> guestEvents.events.contains("rejoined"));
          // The guest's old leaf is removed (its bye) and it is added anew.
          LiveMeeting.awaitConverged(List.of(host, third, guest));
          LiveMeeting.await("the chat typed while cut off", () -> meeting.recorder(host).chats.stream()
              .anyMatch(c -> c.text().equals("typed while cut off")));
          assertThat(guestEvents.events).doesNotContain("disconnected 1000", "disconnected 1006");
        } finally {
          guest.close();
        }
      }
    }
  }
}
