package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.testing.TestServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container health check finds the relay from the same settings and asks /health. */
class HealthCheckTest {

  @Test
  void healthyOverSelfSignedTlsAndUnhealthyWhenNothingListens(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, ServerConfig.Builder::selfSignedTls)) {
      Map<String, String> env = Map.of("CONCLAVE_PORT", String.valueOf(server.port()), "CONCLAVE_SELF_SIGNED", "true");
      assertThat(HealthCheck.check(List.of(), env)).isZero();
      // Plain HTTP against a TLS port is not healthy.
      assertThat(HealthCheck.check(List.of("--port", String.valueOf(server.port())), Map.of())).isEqualTo(1);
    }
    int free;
    try (ServerSocket s = new ServerSocket(0)) {
      free = s.getLocalPort();
    }
    assertThat(HealthCheck.check(List.of("--port", String.valueOf(free)), Map.of())).isEqualTo(1);
  }
}
