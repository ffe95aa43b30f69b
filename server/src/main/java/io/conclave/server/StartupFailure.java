package io.conclave.server;

import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.security.GeneralSecurityException;
import java.util.Locale;

/**
 * Why the relay could not start, as one line a person can act on and a process exit code, instead
 * of a stack trace: the port is taken, the data directory is in use or unusable, the TLS files are
 * not what they should be.
 *
 * @param exitCode 3 port in use or not bindable, 4 data directory or database, 5 TLS certificate or
 *     key, 1 anything else (2 is a usage error, reported by {@link Main})
 */
public record StartupFailure(int exitCode, String message) {
  public static final int PORT = 3;
  public static final int DATA = 4;
  public static final int TLS = 5;
  public static final int OTHER = 1;

  /** Classifies {@code failure}, thrown by {@link ConclaveServer#start} with {@code config}. */
  public static StartupFailure of(Throwable failure, ServerConfig config) {
    if (failure == null) {
      return new StartupFailure(OTHER, "the relay could not start");
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof BindException || text.contains("address already in use")) {
        return new StartupFailure(PORT, "port " + config.port + " on " + config.host
            + " is already in use (is another Conclave relay running?); stop it or choose another --port");
      }
      if (text.contains("database may be already in use") || text.contains("locked by another process")
          || text.contains("lock file")) {
        return new StartupFailure(DATA, "the data directory " + config.dataDir.toAbsolutePath()
            + " is in use by another running relay (its database is locked); stop that relay or use another --data-dir");
      }
      if (t instanceof AccessDeniedException a) {
        return new StartupFailure(DATA, "no permission to use " + a.getFile()
            + "; give the relay's user access to it or choose another --data-dir");
      }
      if (config.tls == ServerConfig.Tls.FILES && (t instanceof GeneralSecurityException
          || text.contains("private key") || text.contains("certificate") || text.contains("pem"))) {
        return new StartupFailure(TLS, "the TLS files could not be used: --tls-cert " + config.certificate
            + " must be a PEM certificate chain and --tls-key " + config.privateKey
            + " a PEM PKCS#8 private key (BEGIN PRIVATE KEY) matching it");
      }
      if (t instanceof FileSystemException f) {
        return new StartupFailure(DATA, "cannot use " + f.getFile() + ": " + f.getReason());
      }
    }
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new StartupFailure(OTHER, "the relay could not start: " + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("")));
  }
}
