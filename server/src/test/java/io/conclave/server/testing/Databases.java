package io.conclave.server.testing;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two databases every persistence test runs against: a fresh embedded H2 file and a fresh
 * database in one shared throwaway PostgreSQL cluster (started on first use, stopped when the
 * test run ends).
 */
public enum Databases {
  H2,
  POSTGRES;

  private static final AtomicInteger H2_FILES = new AtomicInteger();

  /** Connection settings of a fresh, empty database of this kind. */
  public Target fresh(ExtensionContext context, Path tempDir) throws SQLException {
    return switch (this) {
      case H2 -> new Target("jdbc:h2:file:" + tempDir.resolve("h2-" + H2_FILES.incrementAndGet())
          .toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", null, null);
      case POSTGRES -> {
        PostgresCluster cluster = cluster(context);
        yield new Target(cluster.newDatabase(), cluster.user(), null);
      }
    };
  }

  private static PostgresCluster cluster(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    return store.computeIfAbsent(PostgresCluster.class, k -> {
      try {
        return PostgresCluster.start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the throwaway PostgreSQL cluster", e);
      }
    }, PostgresCluster.class);
  }

  /** JDBC settings; user and password may be null. */
  public record Target(String url, String user, String password) {}
}
