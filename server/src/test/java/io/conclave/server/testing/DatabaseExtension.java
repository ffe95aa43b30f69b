package io.conclave.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link Provider} of fresh databases of either kind. Use with
 * {@code @ParameterizedTest @EnumSource(Databases.class)} so each test runs on H2 and on
 * PostgreSQL; the PostgreSQL cluster starts on first use and stops at the end of the run.
 */
public final class DatabaseExtension implements ParameterResolver {

  /** Makes a fresh, empty database of a kind. */
  @FunctionalInterface
  public interface Provider {
    Databases.Target fresh(Databases kind) throws SQLException;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Provider.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return (Provider) kind -> {
      try {
        Path base = Path.of("target").toAbsolutePath();
        Files.createDirectories(base);
        return kind.fresh(context, Files.createTempDirectory(base, "h2-"));
      } catch (IOException e) {
        throw new SQLException("cannot create a database directory", e);
      }
    };
  }
}
