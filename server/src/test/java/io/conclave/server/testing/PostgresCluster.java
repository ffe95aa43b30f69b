package io.conclave.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster made with Debian's binaries ({@code initdb}, {@code pg_ctl} from
 * {@code /usr/lib/postgresql/VERSION/bin}, package {@code postgresql}) under {@code target/}, on a
 * free loopback port. PostgreSQL refuses to run as root, so as root the binaries run as the
 * {@code postgres} user. Missing binaries fail the test run: the PostgreSQL half of the tests must
 * not silently disappear.
 */
public final class PostgresCluster implements AutoCloseable {
  private static final String USER = "conclave";

  private final Path binDir;
  private final Path dataDir;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresCluster(Path binDir, Path dataDir, int port) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Initialises and starts a cluster. */
  public static PostgresCluster start() throws IOException, InterruptedException {
    Path bin = findBinaries();
    Path base = Path.of("target").toAbsolutePath();
    Files.createDirectories(base);
    Path dir = Files.createTempDirectory(base, "postgres-");
    if (isRoot()) {
      run(List.of("chown", "postgres:postgres", dir.toString()), false);
    }
    Path data = dir.resolve("data");
    int port = freePort();
    PostgresCluster cluster = new PostgresCluster(bin, data, port);
    cluster.pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
        "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"));
    cluster.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
        "-l", dir.resolve("postgres.log").toString(),
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -F", "start"));
    return cluster;
  }

  private static Path findBinaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        List<Path> bins = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .sorted(Comparator.comparing(PostgresCluster::majorVersion).reversed())
            .toList();
        if (!bins.isEmpty()) {
          return bins.getFirst();
        }
      }
    }
    throw new IllegalStateException("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin:"
        + " install the Debian package 'postgresql' (apt-get install -y postgresql)");
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void pg(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full, true);
  }

  private static void run(List<String> command, boolean quiet) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(command.getFirst() + " failed: " + output);
    }
    if (!quiet) {
      System.out.print(output);
    }
  }

  /** A JDBC URL of a new, empty database in this cluster. */
  public String newDatabase() throws SQLException {
    String name = "test_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String user() {
    return USER;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    pg(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"));
  }
}
