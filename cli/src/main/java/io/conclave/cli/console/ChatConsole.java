package io.conclave.cli.console;

import io.conclave.client.MeetingClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Reads standard input line by line: {@code /roster}, {@code /code}, {@code /quit}, or a chat
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

  public void run() throws IOException {
    print("* type a message and Enter to chat; /roster, /code, /quit");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      switch (line.strip()) {
        case "" -> { }
        case "/quit" -> {
          return;
        }
        case "/roster" -> client.roster().forEach(p -> print("    " + EventPrinter.describe(p)));
        case "/code" -> print("* security code: "
            + client.securityCode().map(c -> c.digits() + " (epoch " + c.epoch() + ")").orElse("none yet"));
        default -> {
          if (client.isRemoved()) {
            print("! not a member any more");
          } else {
            client.sendChat(line);
          }
        }
      }
    }
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
