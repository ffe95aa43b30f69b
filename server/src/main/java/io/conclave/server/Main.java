package io.conclave.server;

import java.util.List;
import java.util.Map;

/**
 * {@code java -jar conclave-server.jar [--NAME VALUE]...} ({@code ./conclave serve}): every setting
 * of {@link Settings} by flag, {@code CONCLAVE_*} environment variable or config file. The log
 * format and level are fixed before the first logger exists (logback.xml reads them as system
 * properties).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(Settings.usage());
      return;
    }
    Settings.Resolved resolved;
    try {
      resolved = Settings.resolve(List.of(args), System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("(conclave serve --help lists the settings)");
      System.exit(2);
      return;
    }
    System.setProperty("conclave.log.format", resolved.logFormat().toUpperCase());
    System.setProperty("conclave.log.level", resolved.logLevel().toUpperCase());
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Main.class);
    resolved.warnings().forEach(log::warn);
    log.info("settings: {}", resolved.effective());
    ConclaveServer server;
    try {
      server = ConclaveServer.start(resolved.config());
    } catch (Exception e) {
      // One line a person can act on, and an exit code; no stack trace (StartupFailure).
      StartupFailure f = StartupFailure.of(e, resolved.config());
      System.err.println("error: " + f.message());
      System.exit(f.exitCode());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "conclave-shutdown"));
    Thread.currentThread().join();
  }

  /** The configuration {@code args} give on an empty environment (tests). */
  static ServerConfig parse(List<String> args) {
    return Settings.resolve(args, Map.of()).config();
  }
}
