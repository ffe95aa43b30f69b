package io.conclave.cli.command;

import io.conclave.cli.console.ChatConsole;
import io.conclave.cli.console.EventPrinter;
import io.conclave.client.MeetingClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Creates a meeting, prints its invite link, and stays in it as its host: a meeting needs a member
 * online to admit joiners, so this command chats from standard input like {@code join} until
 * {@code /quit} or end of input.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a meeting, print its invite link, and stay in it as host (chat from standard input).")
public final class CreateCommand implements Callable<Integer> {
  @Option(names = "--server", required = true, description = "relay base URL, e.g. http://127.0.0.1:8443")
  URI server;

  @Option(names = "--name", description = "your name as others see it (default ${DEFAULT-VALUE})")
  String name = "host";

  @Mixin ParticipantOptions participant;

  @Spec CommandSpec spec;

  InputStream in = System.in;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EventPrinter printer = new EventPrinter(out);
    try (MeetingClient client = MeetingClient.create(server, participant.identity(name), participant.config(),
        printer)) {
      client.awaitJoined(participant.joinTimeout());
      // docs/PROTOCOL.md type 5: the console sends no media, so browsers show it right.
      client.sendMediaState(true, true);
      String link = client.inviteLink().orElseThrow().format();
      synchronized (out) {
        out.println(link);
        out.flush();
      }
      boolean quit = new ChatConsole(client, in, out).runUntil(printer.over());
      // Removed, the connection is still open: say bye, so the relay frees the seat at once. Ended
      // or refused, it is closed already.
      if (quit || client.isRemoved()) {
        client.leave();
      }
    }
    return 0;
  }
}
