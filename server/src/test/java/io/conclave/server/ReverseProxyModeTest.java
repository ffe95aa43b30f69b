package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.testing.TestServer;
import io.conclave.server.transport.AddressRange;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a TLS-terminating proxy the relay speaks plain HTTP on loopback, but its pages must still
 * send HSTS and allow {@code wss://}: it learns the scheme from X-Forwarded-Proto, believed only
 * from a trusted proxy address.
 */
class ReverseProxyModeTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void forwardedProtoFromAnUntrustedPeerIsIgnored(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      HttpResponse<String> r = getWithForwardedHttps(server);
      assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
      assertThat(r.headers().firstValue("Content-Security-Policy")).get().asString()
          .contains("ws://127.0.0.1:" + server.port()).doesNotContain("wss://");
    }
  }

  @Test
  void forwardedProtoFromATrustedProxyIsHonoured(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, b -> b.trustedProxies(List.of(AddressRange.parse("127.0.0.0/8"))))) {
      HttpResponse<String> r = getWithForwardedHttps(server);
      assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
      assertThat(r.headers().firstValue("Content-Security-Policy")).get().asString()
          .contains("wss://127.0.0.1:" + server.port());
    }
  }

  private HttpResponse<String> getWithForwardedHttps(TestServer server) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri("/health"))
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "198.51.100.1").build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
