package io.conclave.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.cli.media.Fixtures;
import io.conclave.cli.media.ivf.IvfFrame;
import io.conclave.cli.media.ivf.IvfReader;
import io.conclave.cli.media.opus.OggOpusReader;
import io.conclave.cli.media.opus.OpusPacket;
import io.conclave.cli.testing.LoopbackServer;
import io.conclave.client.MeetingClient;
import io.conclave.client.MeetingClientConfig;
import io.conclave.client.MeetingListener;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.mls.crypto.CipherSuites;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bot} streams the fixtures into a meeting while {@code record} records it, both run as
 * commands against a real relay. The recorder is admitted before the bot, so it can decrypt every
 * frame the bot sends: the recorded files must hold exactly the bot's frames, byte for byte, in
 * order, with no startup gap.
 */
class BotRecordEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void recordedFilesHoldExactlyTheBotsFrames() throws Exception {
    Path out = dir.resolve("recordings");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LoopbackServer server = LoopbackServer.start(dir.resolve("data"));
        MeetingClient host = MeetingClient.create(server.uri(),
            DeviceIdentity.ephemeral("host", CipherSuites.get(MeetingClient.CIPHER_SUITE)),
            MeetingClientConfig.builder().commitBackoff(Duration.ofMillis(300)).build(), new MeetingListener() {})) {
      host.awaitJoined(TIMEOUT);
      String link = host.inviteLink().orElseThrow().format();

      StringWriter recordOut = new StringWriter();
      Future<Integer> record = pool.submit(() -> command(recordOut).execute(
          "record", link, "--out", out.toString(), "--duration", "9"));
      awaitRoster(host, 2);

      StringWriter botOut = new StringWriter();
      int botExit = command(botOut).execute("bot", link, "--media", Fixtures.opus().toString(),
          Fixtures.vp8().toString(), "--duration", "4.5");
      assertThat(botExit).as(botOut.toString()).isZero();
      assertThat(record.get(60, TimeUnit.SECONDS)).as(recordOut.toString()).isZero();

      Matcher sent = Pattern.compile("sent \\{AUDIO=(\\d+), CAMERA_VIDEO=(\\d+)}").matcher(botOut.toString());
      assertThat(sent.find()).as(botOut.toString()).isTrue();
      int audioSent = Integer.parseInt(sent.group(1));
      int videoSent = Integer.parseInt(sent.group(2));
      // 4.5 s of 20 ms packets and of 15 fps video, looping past the 2 s files.
      assertThat(audioSent).isEqualTo(225);
      assertThat(videoSent).isEqualTo(68);

      Path video = only(out, "bot-\\d+-camera\\.ivf");
      Path audio = only(out, "bot-\\d+-audio\\.ogg");
      List<byte[]> fixtureVideo = IvfReader.readAll(Fixtures.vp8()).stream().map(IvfFrame::payload).toList();
      List<byte[]> fixtureAudio = OggOpusReader.readAll(Fixtures.opus()).stream().map(OpusPacket::data).toList();
      List<byte[]> recordedVideo = IvfReader.readAll(video).stream().map(IvfFrame::payload).toList();
      List<byte[]> recordedAudio = OggOpusReader.readAll(audio).stream().map(OpusPacket::data).toList();

      assertThat(recordedVideo).hasSize(videoSent);
      assertThat(recordedAudio).hasSize(audioSent);
      for (int i = 0; i < videoSent; i++) {
        assertThat(recordedVideo.get(i)).as("video frame %d", i).isEqualTo(fixtureVideo.get(i % fixtureVideo.size()));
      }
      for (int i = 0; i < audioSent; i++) {
        assertThat(recordedAudio.get(i)).as("audio packet %d", i).isEqualTo(fixtureAudio.get(i % fixtureAudio.size()));
      }
      List<IvfFrame> timed = IvfReader.readAll(video);
      assertThat(timed.getLast().timestampMicros()).as("arrival times span the stream").isBetween(3_500_000L, 5_500_000L);
      // The header: the frame count, and a timebase of the average frame period, so that the
      // duration (frame count x period) is the stream's length too.
      io.conclave.cli.media.ivf.IvfHeader header;
      try (IvfReader r = new IvfReader(java.nio.file.Files.newInputStream(video), 1 << 20)) {
        header = r.header();
      }
      assertThat(header.frameCount()).isEqualTo(videoSent);
      assertThat(header.toMicros(header.frameCount())).as("duration in the header").isBetween(3_500_000L, 5_800_000L);
      assertThat(recordOut.toString()).contains("* recording: announced to every member");
    } finally {
      pool.shutdownNow();
    }
  }

  private static CommandLine command(StringWriter out) {
    return new CommandLine(new ConclaveCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true));
  }

  private static void awaitRoster(MeetingClient host, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (host.roster().size() < size) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("roster never reached " + size + ": " + host.roster());
      }
      Thread.sleep(50);
    }
  }

  private static Path only(Path dir, String regex) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> match = files.filter(p -> p.getFileName().toString().matches(regex)).toList();
      assertThat(match).as("files matching %s in %s", regex, dir).hasSize(1);
      return match.getFirst();
    }
  }
}
