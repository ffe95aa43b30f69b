package io.conclave.e2e;

import io.conclave.cli.bot.MediaLoop;
import io.conclave.cli.bot.Pacer;
import io.conclave.client.ChatMessage;
import io.conclave.client.InviteLink;
import io.conclave.client.MeetingClient;
import io.conclave.client.MeetingClientConfig;
import io.conclave.client.MeetingListener;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.mls.crypto.CipherSuites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Java participant of the acceptance test: the client library joining by invite link and
 * streaming the CLI's media fixtures (VP8 320x180 15 fps, Opus 20 ms) with the CLI bot's pacer.
 */
final class JavaBot implements AutoCloseable {
  final List<String> chats = new CopyOnWriteArrayList<>();
  final MeetingClient client;
  private final Thread streamer;

  JavaBot(String link, Path fixtures) throws Exception {
    MeetingListener listener = new MeetingListener() {
      @Override
      public void chat(ChatMessage message) {
        chats.add(message.text());
      }
    };
    client = MeetingClient.join(InviteLink.parse(link), DeviceIdentity.ephemeral("Java bot", CipherSuites.get(1)),
        MeetingClientConfig.builder().build(), listener);
    client.awaitJoined(Duration.ofSeconds(20));
    List<MediaLoop> loops = List.of(MediaLoop.load(fixtures.resolve("testsrc-vp8.ivf")),
        MediaLoop.load(fixtures.resolve("tone-opus.ogg")));
    streamer = new Thread(() -> {
      try {
        new Pacer(loops, (header, payload) -> {
          try {
            client.sendMedia(header, payload);
          } catch (IllegalStateException e) {
            // Between epochs or after leaving: skip the frame.
          }
        }).run(-1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "java-bot-media");
    streamer.setDaemon(true);
    streamer.start();
  }

  String securityCode() {
    return client.securityCode().map(Object::toString).orElse("");
  }

  @Override
  public void close() {
    streamer.interrupt();
    client.leave();
  }
}
