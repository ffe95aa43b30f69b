package io.conclave.cli.command;

import io.conclave.cli.load.LoadGenerator;
import io.conclave.cli.load.LoadOptions;
import io.conclave.cli.load.LoadReport;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Misbehaving connections against a relay: random bytes, oversized frames, wrong message types,
 * protocol steps out of order. Prints what the server answered; exits 1 if any connection ended in
 * a way its attack does not allow.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Fuzz a relay with misbehaving connections and report the close codes it answers with.")
public final class LoadCommand implements Callable<Integer> {
  @Option(names = "--server", required = true, description = "relay base URL, e.g. http://127.0.0.1:8443")
  URI server;

  @Option(names = "--meeting", description = "also send garbage media into this meeting (its id)")
  String meeting;

  @Option(names = "--connections", description = "misbehaving connections at once (default ${DEFAULT-VALUE})")
  int connections = 4;

  @Option(names = "--messages", description = "messages to send in all (default ${DEFAULT-VALUE})")
  long messages = 10_000;

  @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
  long seed = 1;

  @Override
  public Integer call() throws InterruptedException {
    LoadReport report = new LoadGenerator(LoadOptions.of(server, meeting, connections, messages, seed)).run();
    System.out.println("messages sent:    " + report.messages());
    System.out.println("connections:      " + report.connections());
    System.out.println("attacks played:   " + report.played());
    System.out.println("close codes:      " + report.closeCodes());
    System.out.println("unexpected:       " + report.unexpected());
    return report.unexpected().isEmpty() ? 0 : 1;
  }
}
