package io.conclave.server;

import io.conclave.server.meeting.MeetingLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code java -jar conclave-server.jar [options]}; see {@link #USAGE}. The database password may
 * come from the environment ({@code CONCLAVE_DB_PASSWORD}) so that it is not on the command line.
 */
public final class Main {
  static final String USAGE = """
      usage: conclave serve [options]
        --host ADDRESS          bind address (default 127.0.0.1)
        --port PORT             port for HTTP and WebSocket (default 8443)
        --data-dir DIR          data directory: embedded database, self-signed certificate (default ./data)
        --tls-cert FILE         PEM certificate chain (with --tls-key)
        --tls-key FILE          PEM PKCS#8 private key
        --self-signed           TLS with a self-signed certificate kept in the data directory
                                (the default when --host is not a loopback address)
        --jdbc-url URL          use this database (e.g. jdbc:postgresql://host/db) instead of embedded H2
        --db-user USER          database user (password from CONCLAVE_DB_PASSWORD)
        --web-root DIR          serve the web client from DIR
        --grace-seconds N       reconnect grace before the server proposes removal (default 30)
        --max-meetings N        open meetings per server (default 1000)
        --max-participants N    participants per meeting (default 100)
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    ServerConfig config;
    try {
      config = parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    ConclaveServer server;
    try {
      server = ConclaveServer.start(config);
    } catch (Exception e) {
      // One line a person can act on, and an exit code; no stack trace (StartupFailure).
      StartupFailure f = StartupFailure.of(e, config);
      System.err.println("error: " + f.message());
      System.exit(f.exitCode());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "conclave-shutdown"));
    Thread.currentThread().join();
  }

  static ServerConfig parse(List<String> args) {
    ServerConfig.Builder b = ServerConfig.builder();
    Deque<String> rest = new ArrayDeque<>(args);
    String host = "127.0.0.1";
    String cert = null;
    String key = null;
    boolean selfSigned = false;
    String jdbcUrl = null;
    String dbUser = null;
    MeetingLimits limits = MeetingLimits.DEFAULT;
    while (!rest.isEmpty()) {
      String option = rest.pop();
      switch (option) {
        case "--host" -> host = value(rest, option);
        case "--port" -> b.port(number(rest, option));
        case "--data-dir" -> b.dataDir(Path.of(value(rest, option)));
        case "--tls-cert" -> cert = value(rest, option);
        case "--tls-key" -> key = value(rest, option);
        case "--self-signed" -> selfSigned = true;
        case "--jdbc-url" -> jdbcUrl = value(rest, option);
        case "--db-user" -> dbUser = value(rest, option);
        case "--web-root" -> b.webRoot(Path.of(value(rest, option)));
        case "--grace-seconds" -> limits = new MeetingLimits(limits.maxMeetings(), limits.maxParticipants(),
            Duration.ofSeconds(number(rest, option)));
        case "--max-meetings" -> limits = new MeetingLimits(number(rest, option), limits.maxParticipants(),
            limits.reconnectGrace());
        case "--max-participants" -> limits = new MeetingLimits(limits.maxMeetings(), number(rest, option),
            limits.reconnectGrace());
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    b.host(host).meetingLimits(limits);
    if (jdbcUrl != null) {
      b.database(jdbcUrl, dbUser, System.getenv("CONCLAVE_DB_PASSWORD"));
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (cert != null) {
      b.tlsFiles(Path.of(cert), Path.of(key));
    } else if (selfSigned || !isLoopback(host)) {
      b.selfSignedTls();
    }
    return b.build();
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String value(Deque<String> rest, String option) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return rest.pop();
  }

  private static int number(Deque<String> rest, String option) {
    try {
      return Integer.parseInt(value(rest, option));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number");
    }
  }
}
