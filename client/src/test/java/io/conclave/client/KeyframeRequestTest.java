package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.crypto.CipherSuites;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import io.conclave.server.media.QueueLimits;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The relay's {@code keyframe_request} reaches {@link MeetingListener#keyframeRequested}: a
 * member that stops reading makes the relay skip the host's video for it and ask the host
 * for a keyframe (docs/PROTOCOL.md, media), and a member can ask for one itself with
 * {@link MeetingClient#requestKeyframe} (docs/PROTOCOL.md, "Keyframe requests"); a request for a
 * reserved track code is ignored.
 */
class KeyframeRequestTest {

  @Test
  void aStalledReceiverMakesTheSenderAskedForAKeyframe() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "it-" + UUID.randomUUID()));
    try (ConclaveServer server = ConclaveServer.start(ServerConfig.builder().port(0).dataDir(dir)
            .writeBuffer(8 << 10, 32 << 10).sendBufferBytes(8 << 10).queueLimits(new QueueLimits(64, 64 << 10, 0.5))
            .build());
        RecordingProxy proxy = new RecordingProxy(server.port())) {
      URI uri = URI.create("http://127.0.0.1:" + server.port());
      Recorder recorder = new Recorder("host");
      try (MeetingClient host = MeetingClient.create(uri, LiveMeeting.identity("host"),
          MeetingClientConfig.builder().build(), recorder)) {
        host.awaitJoined(LiveMeeting.TIMEOUT);
        // Media goes to members only: the slow receiver joins, through a proxy that then stops
        // reading for it, so that the relay's queue for it fills up.
        InviteLink link = host.inviteLink().orElseThrow();
        InviteLink viaProxy = new InviteLink(URI.create("http://127.0.0.1:" + proxy.port()), link.meetingId(),
            link.secret());
        try (MeetingClient slow = MeetingClient.join(viaProxy, LiveMeeting.identity("slow"),
            MeetingClientConfig.builder().build(), new Recorder("slow"))) {
          slow.awaitJoined(LiveMeeting.TIMEOUT);
          LiveMeeting.awaitConverged(List.of(host, slow));
          proxy.stall();

          byte[] payload = new byte[1200];
          for (int i = 0; i < 1000 && recorder.keyframeRequests.isEmpty(); i++) {
            host.sendMedia(new MediaFrameHeader(Track.CAMERA_VIDEO, i == 0, 0, 0, i), payload);
            host.sendMedia(new MediaFrameHeader(Track.AUDIO, false, 0, 0, i), new byte[200]);
            Thread.sleep(1);
          }
          LiveMeeting.await("a keyframe request", () -> !recorder.keyframeRequests.isEmpty());
          assertThat(recorder.keyframeRequests).containsOnly(Track.CAMERA_VIDEO);
        } finally {
          // The slow client's close must not wait on the stalled connection.
          proxy.close();
        }
      }
    }
  }

  @Test
  void aMemberAsksAnotherForAKeyframe() throws Exception {
    try (LiveMeeting meeting = new LiveMeeting()) {
      MeetingClient host = meeting.create("host");
      MeetingClient guest = meeting.join(host.inviteLink().orElseThrow(), "guest");
      LiveMeeting.awaitConverged(List.of(host, guest));
      int hostLeaf = guest.roster().stream().filter(p -> p.name().equals("host")).findFirst().orElseThrow()
          .leafIndex();

      guest.requestKeyframe(hostLeaf, Track.CAMERA_VIDEO);
      Recorder hostEvents = meeting.recorder(host);
      LiveMeeting.await("the guest's keyframe request", () -> !hostEvents.keyframeRequests.isEmpty());
      assertThat(hostEvents.keyframeRequests).containsExactly(Track.CAMERA_VIDEO);
      assertThatThrownBy(() -> guest.requestKeyframe(hostLeaf, Track.AUDIO))
          .isInstanceOf(IllegalArgumentException.class);

      MeetingClient waiting = meeting.askToJoin(host.meetingId(), "waiting");
      assertThatThrownBy(() -> waiting.requestKeyframe(hostLeaf, Track.CAMERA_VIDEO))
          .isInstanceOf(IllegalStateException.class);
      meeting.assertNoClientErrors();
    }
  }

  @Test
  void aRequestForAReservedTrackIsIgnoredWithoutAnError() throws Exception {
    Recorder recorder = new Recorder("host");
    ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
    MeetingSession session = new MeetingSession("m1", LiveMeeting.identity("host"), Optional.empty(),
        CipherSuites.get(MeetingClient.CIPHER_SUITE), MeetingClientConfig.builder().build(), recorder, events);

    session.control(new ServerMessage.KeyframeRequest(7));
    session.control(new ServerMessage.KeyframeRequest(255));
    session.control(new ServerMessage.KeyframeRequest(Track.SCREEN_VIDEO.code()));
    events.shutdown();
    assertThat(events.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(recorder.errors).isEmpty();
    assertThat(recorder.keyframeRequests).containsExactly(Track.SCREEN_VIDEO);
  }
}
