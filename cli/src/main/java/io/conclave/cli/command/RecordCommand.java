package io.conclave.cli.command;

import io.conclave.cli.console.EventPrinter;
import io.conclave.cli.record.MeetingRecorder;
import io.conclave.client.InviteLink;
import io.conclave.client.MeetingClient;
import io.conclave.client.ReceivedFrame;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Joins as an ordinary participant, visible in every roster, and writes each participant's
 * decrypted frames to playable files per participant and track (see {@link MeetingRecorder}).
 */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = "Join a meeting as a visible participant and record everyone's media to IVF/Ogg files.")
public final class RecordCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "LINK", description = "invite link")
  String link;

  @Option(names = "--out", required = true, description = "directory for the recordings")
  Path out;

  @Option(names = "--name", description = "name in the meeting (default ${DEFAULT-VALUE})")
  String name = "recorder";

  @Option(names = "--duration", description = "seconds to record, then leave (default: until stopped)")
  Double durationSeconds;

  @Mixin ParticipantOptions participant;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    // Ctrl-C: the hook lets the recording finish (files closed, IVF headers written) before the JVM exits.
    CountDownLatch finished = new CountDownLatch(1);
    try (MeetingRecorder recorder = new MeetingRecorder(out)) {
      EventPrinter listener = new EventPrinter(console) {
        @Override
        public void media(ReceivedFrame f) {
          recorder.frame(f.senderLeaf(), f.senderName(), f.header().track(), f.header().keyframe(), f.payload(),
              System.nanoTime());
        }

        @Override
        public void removed() {
          super.removed();
          stop.countDown();
        }

        @Override
        public void disconnected(int code, String reason) {
          // Closed for good (the meeting ended, or the relay refused this client): the recording is
          // complete. A lost connection is retried instead (reconnecting).
          super.disconnected(code, reason);
          stop.countDown();
        }
      };
      Thread hook = new Thread(() -> {
        stop.countDown();
        try {
          finished.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "conclave-record-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try (MeetingClient client = MeetingClient.join(InviteLink.parse(link), participant.identity(name),
          participant.config(), listener)) {
        client.awaitJoined(participant.joinTimeout());
        // docs/PROTOCOL.md type 5: the recorder sends no media, so browsers show it right.
        client.sendMediaState(true, true);
        // docs/PROTOCOL.md "Recording (7)": every member is told that this participant records.
        client.announceRecording(true);
        synchronized (console) {
          console.println("* recording: announced to every member");
          console.flush();
        }
        if (durationSeconds == null) {
          stop.await();
        } else {
          stop.await((long) (durationSeconds * 1000), TimeUnit.MILLISECONDS);
        }
        if (!client.isRemoved()) {
          try {
            client.announceRecording(false);
          } catch (RuntimeException e) {
            // Leaving ends the recording for everyone anyway.
          }
        }
        client.leave();
      } finally {
        removeHook(hook);
      }
      synchronized (console) {
        console.println("* recorded " + recorder.written() + " into " + out + " (" + recorder.skipped()
            + " frames before a keyframe skipped)");
        console.flush();
      }
    } finally {
      finished.countDown();
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: the JVM is exiting anyway
    }
  }
}
