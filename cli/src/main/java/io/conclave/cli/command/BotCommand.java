package io.conclave.cli.command;

import io.conclave.cli.bot.MediaLoop;
import io.conclave.cli.bot.Pacer;
import io.conclave.cli.console.EventPrinter;
import io.conclave.client.InviteLink;
import io.conclave.client.MeetingClient;
import io.conclave.sframe.media.Track;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Joins and streams encoded media files in real time, looping: Ogg Opus as the audio track (0),
 * IVF VP8 as the camera track (1) with the VP8 keyframe flags. A relay's keyframe request skips
 * that track forward to its next keyframe. Prints how many frames it sent.
 */
@Command(name = "bot", mixinStandardHelpOptions = true,
    description = "Join a meeting and stream encoded media files (Ogg Opus, IVF VP8) in a loop.")
public final class BotCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "LINK", description = "invite link")
  String link;

  @Option(names = "--media", required = true, arity = "1..2", paramLabel = "FILE",
      description = "an .ogg (Opus) and/or an .ivf (VP8) file")
  List<Path> media;

  @Option(names = "--name", description = "name in the meeting (default ${DEFAULT-VALUE})")
  String name = "bot";

  @Option(names = "--duration", description = "seconds to stream, then leave (default: until stopped)")
  Double durationSeconds;

  @Mixin ParticipantOptions participant;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<MediaLoop> loops = new ArrayList<>();
    for (Path p : media) {
      loops.add(MediaLoop.load(p));
    }
    Map<Track, Long> sent = new EnumMap<>(Track.class);
    AtomicReference<MeetingClient> joined = new AtomicReference<>();
    Pacer pacer = new Pacer(loops, (header, payload) -> {
      try {
        joined.get().sendMedia(header, payload);
        sent.merge(header.track(), 1L, Long::sum);
      } catch (IllegalStateException e) {
        // Reconnecting to the relay, or rejoining: skip the frame; streaming goes on once back.
      }
    });
    Thread streaming = Thread.currentThread();
    java.util.concurrent.atomic.AtomicBoolean leaving = new java.util.concurrent.atomic.AtomicBoolean();
    EventPrinter printer = new EventPrinter(out) {
      @Override
      public void disconnected(int code, String reason) {
        // Closed for good (the meeting ended, or the relay refused this client): stop streaming.
        super.disconnected(code, reason);
        if (!leaving.get()) {
          streaming.interrupt();
        }
      }

      @Override
      public void keyframeRequested(Track track) {
        pacer.requestKeyframe(track);
      }

      @Override
      public void joined(int leafIndex) {
        super.joined(leafIndex);
        // Joined (or joined again after a relay restart): receivers need a picture they can decode.
        pacer.requestKeyframe(Track.CAMERA_VIDEO);
      }
    };
    try (MeetingClient client = MeetingClient.join(InviteLink.parse(link), participant.identity(name),
        participant.config(), printer)) {
      client.awaitJoined(participant.joinTimeout());
      // docs/PROTOCOL.md type 5: the bot streams audio and video, so browsers show it right.
      client.sendMediaState(false, false);
      joined.set(client);
      try {
        pacer.run(durationSeconds == null ? -1 : (long) (durationSeconds * 1e9));
      } catch (InterruptedException e) {
        // The meeting is over for this client (disconnected): report and leave.
      }
      synchronized (out) {
        out.println("* sent " + sent);
        out.flush();
      }
      leaving.set(true);
      Thread.interrupted();
      client.leave();
    }
    return 0;
  }
}
