package io.conclave.cli.command;

import io.conclave.cli.web.LocalWebServer;
import io.conclave.client.InviteLink;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Serves the web client packaged with this program on 127.0.0.1 for the person running it
 * ({@link LocalWebServer}; docs/SECURITY.md, "Trusting the web client"), and prints its address:
 * the start page, or the given invite link opened at this address. Runs until interrupted.
 */
@Command(name = "web", mixinStandardHelpOptions = true,
    description = "Serve the verified web client on 127.0.0.1 (no code from any relay) and print its address. "
        + "Open meetings on any relay from it: paste an invite link, or give one here.")
public final class WebCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "LINK",
      description = "an invite link https://RELAY/m/ID#SECRET to print this client's address for")
  String link;

  @Option(names = "--port", description = "port on 127.0.0.1, 0 for any free one (default ${DEFAULT-VALUE}). "
      + "The browser keeps this device's key per address: a fixed port keeps the same key from run to run.")
  int port = 0;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    InviteLink invite = link == null ? null : InviteLink.parse(link);
    try (LocalWebServer server = LocalWebServer.start(port)) {
      out.println("conclave web client " + server.identity() + " (verified against its manifest)");
      if (invite == null) {
        out.println(server.startPage());
      } else {
        // The secret goes to this terminal only, in the fragment, which the browser never sends.
        out.println("http://127.0.0.1:" + server.port() + "/m/" + invite.meetingId() + "?relay="
            + URLEncoder.encode(invite.server().toString(), StandardCharsets.UTF_8) + "#" + invite.secret().encoded());
      }
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "conclave-web-shutdown"));
      stopped.await();
    }
    return 0;
  }
}
