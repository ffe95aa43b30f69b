package io.conclave.cli.command;

import io.conclave.cli.console.ChatConsole;
import io.conclave.cli.console.EventPrinter;
import io.conclave.client.InviteLink;
import io.conclave.client.MeetingClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Joins with an invite link and chats from standard input, printing roster, code and events. */
@Command(name = "join", mixinStandardHelpOptions = true,
    description = "Join a meeting with its invite link; chat from standard input.")
public final class JoinCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "LINK", description = "invite link https://HOST/m/ID#SECRET")
  String link;

  @Option(names = "--name", required = true, description = "your name as others see it")
  String name;

  @Mixin ParticipantOptions participant;

  @Spec CommandSpec spec;

  InputStream in = System.in;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EventPrinter printer = new EventPrinter(out);
    try (MeetingClient client = MeetingClient.join(InviteLink.parse(link), participant.identity(name),
        participant.config(), printer)) {
      out.println("* waiting to be admitted to " + InviteLink.parse(link) + " ...");
      out.flush();
      client.awaitJoined(participant.joinTimeout());
      // docs/PROTOCOL.md type 5: the console sends no media, so browsers show it right.
      client.sendMediaState(true, true);
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
