package io.conclave.cli.console;

import io.conclave.client.MeetingClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Reads standard input line by line: {@code /roster}, {@code /code}, {@code /quit}, the verification
 * mark {@code /verify LEAF} (after comparing the security code), host controls ({@code /remove
 * LEAF}, {@code /host LEAF}, {@code /unhost LEAF}, {@code /askmute LEAF}, {@code /lock},
 * {@code /unlock}, {@code /rotate}, {@code /end} for everyone: the meeting's creator), or a chat
 * message to send. Ends at {@code /quit} or end of input.
 */
public final class ChatConsole {
  private final MeetingClient client;
  private final BufferedReader in;
  private final PrintWriter out;

  /** {@code in} is read as UTF-8 text. */
  public ChatConsole(MeetingClient client, InputStream in, PrintWriter out) {
    this.client = client;
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
  }

  /**
   * Runs the console until the person quits ({@code /quit}, end of input) or the meeting is over
   * for this client ({@code over} completes: ended by a host, removed, refused). Input is read on a
   * daemon thread, because a blocked read of standard input cannot be interrupted: when the meeting
   * ends first, this returns at once and the process may exit without waiting for a line.
   *
   * @return true if the person quit, false if the meeting was over first
   */
  public boolean runUntil(CompletableFuture<?> over) throws InterruptedException {
    CompletableFuture<Boolean> quit = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("chat-console").start(() -> {
      try {
        run();
      } catch (IOException e) {
        print("! reading input failed: " + e.getMessage());
      } finally {
        quit.complete(true);
      }
    });
    try {
      boolean quitFirst = (Boolean) CompletableFuture.anyOf(quit, over.handle((v, e) -> false)).get();
      if (!quitFirst) {
        print("* the meeting is over for this client; exiting");
      }
      return quitFirst;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  public void run() throws IOException {
    print("* type a message and Enter to chat; /roster, /code, /verify LEAF, /quit;"
        + " hosts: /remove LEAF, /host LEAF, /unhost LEAF, /askmute LEAF, /lock, /unlock, /rotate, /end");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String command = line.strip();
      switch (command) {
        case "" -> { }
        case "/quit" -> {
          return;
        }
        case "/roster" -> client.roster().forEach(p -> print("    " + EventPrinter.describe(p)));
        case "/code" -> print("* security code: "
            + client.securityCode().map(c -> c.digits() + " (epoch " + c.epoch() + ")").orElse("none yet"));
        case "/rotate" -> {
          try {
            print("* new invite link (share it only with people to admit): "
                + client.rotateInviteLink().get(30, java.util.concurrent.TimeUnit.SECONDS).format());
          } catch (RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            print("! the link could not be rotated: " + e.getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        case "/lock", "/unlock" -> control(() -> client.setLocked(command.equals("/lock")));
        case "/end" -> control(client::endMeeting);
        default -> {
          String[] words = command.split("\\s+");
          if (words.length == 2 && words[0].startsWith("/") && words[1].matches("\\d{1,9}")) {
            int leaf = Integer.parseInt(words[1]);
            switch (words[0]) {
              case "/verify" -> control(() -> client.markVerified(leaf, true));
              case "/unverify" -> control(() -> client.markVerified(leaf, false));
              case "/remove" -> control(() -> client.removeParticipant(leaf));
              case "/host" -> control(() -> client.setHost(leaf, true));
              case "/unhost" -> control(() -> client.setHost(leaf, false));
              case "/askmute" -> control(() -> client.askToMute(leaf));
              default -> print("! unknown command " + words[0]);
            }
          } else if (client.isRemoved()) {
            print("! not a member any more");
          } else {
            client.sendChat(line);
          }
        }
      }
    }
  }

  private void control(Runnable action) {
    try {
      action.run();
      print("* done");
    } catch (RuntimeException e) {
      print("! " + e.getMessage());
    }
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
