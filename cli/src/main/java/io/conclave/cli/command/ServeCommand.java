package io.conclave.cli.command;

import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import io.conclave.server.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Runs the relay in this process with exactly the settings of {@code conclave serve} (the server
 * module's {@link Settings}: flags, {@code CONCLAVE_*} variables, config file) and prints its URL.
 */
@Command(name = "serve",
    description = "Run a relay server with the settings of `conclave serve` (flags, CONCLAVE_* variables, "
        + "--config FILE); --help lists them.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = {"-h", "--help"}, description = "list the settings")
  boolean help;

  /** Every setting is passed on to {@link Settings}, which rejects what it does not know. */
  @Unmatched
  List<String> settings = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (help) {
      System.out.print(Settings.usage());
      return 0;
    }
    Settings.Resolved resolved;
    try {
      resolved = Settings.resolve(settings, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    resolved.warnings().forEach(w -> System.err.println("warning: " + w));
    ServerConfig config = resolved.config();
    ConclaveServer server = ConclaveServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "conclave-shutdown"));
    String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
    System.out.println((config.tls == ServerConfig.Tls.NONE ? "http" : "https") + "://" + host + ":" + server.port());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
