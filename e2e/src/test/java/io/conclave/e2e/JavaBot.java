package io.conclave.e2e;

import io.conclave.cli.bot.MediaLoop;
import io.conclave.cli.bot.Pacer;
import io.conclave.client.ChatMessage;
import io.conclave.client.InviteLink;
import io.conclave.client.MeetingClient;
import io.conclave.client.MeetingClientConfig;
import io.conclave.client.MeetingListener;
import io.conclave.client.Participant;
import io.conclave.client.ReceivedFrame;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.client.identity.SecurityCode;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.sframe.media.Track;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java participant of the acceptance test: the client library joining by invite link and
 * streaming the CLI's media fixtures (VP8 320x180 15 fps, Opus 20 ms) with the CLI bot's pacer,
 * answering keyframe requests as the CLI bot does and starting a keyframe at each new epoch, so
 * that a member who just joined gets a picture at once.
 */
final class JavaBot implements AutoCloseable {
  final List<String> chats = new CopyOnWriteArrayList<>();
  /** Close codes and reasons of the bot's connection, for failure reports. */
  final List<String> disconnects = new CopyOnWriteArrayList<>();
  /** Camera frames received (decrypted) by sender name. */
  final java.util.Map<String, AtomicInteger> cameraFramesFrom = new ConcurrentHashMap<>();
  final MeetingClient client;
  private final Thread streamer;
  private volatile boolean paused;
  private final Runnable pacerKeyframe;

  JavaBot(String link, Path fixtures) throws Exception {
    List<MediaLoop> loops = List.of(MediaLoop.load(fixtures.resolve("testsrc-vp8.ivf")),
        MediaLoop.load(fixtures.resolve("tone-opus.ogg")));
    Pacer pacer = new Pacer(loops, (header, payload) -> {
      if (paused) {
        return;
      }
      try {
        client().sendMedia(header, payload);
      } catch (IllegalStateException e) {
        // Between epochs or after leaving: skip the frame.
      }
    });
    MeetingListener listener = new MeetingListener() {
      @Override
      public void chat(ChatMessage message) {
        chats.add(message.text());
      }

      @Override
      public void media(ReceivedFrame frame) {
        if (frame.header().track() == Track.CAMERA_VIDEO) {
          cameraFramesFrom.computeIfAbsent(frame.senderName(), n -> new AtomicInteger()).incrementAndGet();
        }
        received.computeIfAbsent(frame.senderLeaf() + "/" + frame.header().track().name(), k -> new Received()).add(frame);
      }

      @Override
      public void keyframeRequested(Track track) {
        pacer.requestKeyframe(track);
      }

      @Override
      public void disconnected(int code, String reason) {
        disconnects.add(code + " " + reason);
      }

      @Override
      public void epochChanged(long epoch, List<Participant> roster, SecurityCode code) {
        pacer.requestKeyframe(Track.CAMERA_VIDEO);
      }
    };
    pacerKeyframe = () -> pacer.requestKeyframe(Track.CAMERA_VIDEO);
    client = join(link, "Java bot", listener);
    // Generous: on a loaded 2-core machine the host page may take a while to commit the Add.
    client.awaitJoined(Duration.ofSeconds(60));
    streamer = new Thread(() -> {
      try {
        pacer.run(-1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "java-bot-media");
    streamer.setDaemon(true);
    streamer.start();
  }

  /**
   * What the bot received and decrypted from one sender on one track. The Java client has no VP8
   * or Opus decoder: it checks what it can without one, that VP8 key frames carry VP8's start code
   * (RFC 6386 §9.1) and that Opus packets carry audio (over 10 bytes: the fake microphones' tones
   * give tens of bytes per 20 ms packet, while Opus codes digital silence in a few bytes).
   */
  static final class Received {
    volatile int frames;
    volatile int validKeyframes;
    volatile int audiblePackets;

    synchronized void add(ReceivedFrame f) {
      frames++;
      byte[] p = f.payload();
      if (f.header().keyframe() && p.length > 6 && (p[3] & 0xff) == 0x9d && (p[4] & 0xff) == 0x01 && (p[5] & 0xff) == 0x2a) {
        validKeyframes++;
      }
      if (f.header().track() == Track.AUDIO && p.length > 10) {
        audiblePackets++;
      }
    }
  }

  /** Frames received per "sender leaf/TRACK". */
  final Map<String, Received> received = new ConcurrentHashMap<>();

  Received receivedFrom(int leaf, Track track) {
    return received.getOrDefault(leaf + "/" + track.name(), new Received());
  }

  /** Stops (or resumes) sending media; the bot stays in the meeting. */
  void pauseMedia(boolean pause) {
    paused = pause;
    if (!pause) {
      // Receivers dropped the video while it was paused: resume with a picture they can decode.
      pacerKeyframe.run();
    }
  }

  private MeetingClient client() {
    return client;
  }

  /** A Java member that sends no media, joining by {@code link}; the caller awaits its admission. */
  static MeetingClient member(String link, String name) {
    return join(link, name, new MeetingListener() {});
  }

  private static MeetingClient join(String link, String name, MeetingListener listener) {
    return MeetingClient.join(InviteLink.parse(link), DeviceIdentity.ephemeral(name, CipherSuites.get(1)),
        MeetingClientConfig.builder().build(), listener);
  }

  @Override
  public void close() {
    streamer.interrupt();
    client.leave();
  }
}
