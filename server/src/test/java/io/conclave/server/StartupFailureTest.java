package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup failures become one line and an exit code (issue 14), and the URL printed is reachable. */
class StartupFailureTest {

  @Test
  void aPortInUseIsOneLineWithExitCode3(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServerConfig config = ServerConfig.builder().port(taken.getLocalPort()).dataDir(dir).build();
      StartupFailure f = StartupFailure.of(catchThrowable(() -> ConclaveServer.start(config)), config);
      assertThat(f.exitCode()).isEqualTo(StartupFailure.PORT);
      assertThat(f.message()).contains("port " + taken.getLocalPort()).contains("already in use").doesNotContain("\n");
    }
  }

  @Test
  void aDataDirectoryInUseIsOneLineWithExitCode4(@TempDir Path dir) {
    // What H2 throws, wrapped by the pool, when another process holds the database file (within
    // one JVM H2 shares the file instead, so the lock cannot be provoked here).
    ServerConfig config = ServerConfig.builder().port(0).dataDir(dir).build();
    Exception locked = new RuntimeException("Failed to initialize pool",
        new java.sql.SQLException("Database may be already in use: \"" + dir + "/conclave.mv.db\". Possible solutions: close all other connection(s); use the server mode [90020-232]"));
    StartupFailure f = StartupFailure.of(locked, config);
    assertThat(f.exitCode()).as(f.message()).isEqualTo(StartupFailure.DATA);
    assertThat(f.message()).contains(dir.toAbsolutePath().toString()).contains("in use").doesNotContain("\n");
    assertThat(StartupFailure.of(null, config).exitCode()).isEqualTo(StartupFailure.OTHER);
  }

  @Test
  void aKeyInTheWrongFormatIsOneLineWithExitCode5(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
    Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n");
    ServerConfig config = ServerConfig.builder().port(0).dataDir(dir.resolve("data")).tlsFiles(cert, key).build();
    Throwable thrown = catchThrowable(() -> ConclaveServer.start(config));
    assertThat(thrown).isNotNull();
    StartupFailure f = StartupFailure.of(thrown, config);
    assertThat(f.exitCode()).as(f.message()).isEqualTo(StartupFailure.TLS);
    assertThat(f.message()).contains("key.pem").contains("PKCS#8").doesNotContain("\n");
  }

  @Test
  void aWildcardBindIsAnnouncedByAReachableName() {
    String url = ReachableUrl.describe("0.0.0.0", 8443, true);
    assertThat(url).startsWith("https://").doesNotContain("0.0.0.0").contains("https://localhost:8443");
    assertThat(ReachableUrl.describe("127.0.0.1", 8443, false)).isEqualTo("http://127.0.0.1:8443");
    assertThat(ReachableUrl.describe("::1", 8443, false)).isEqualTo("http://[::1]:8443");
  }
}
