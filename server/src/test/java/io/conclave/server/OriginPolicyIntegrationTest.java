package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.server.testing.LeakRecorder;
import io.conclave.server.testing.TestServer;
import io.conclave.server.transport.OriginPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The origin allow-list (docs/PROTOCOL.md, "Invite links and client origins"): WebSocket upgrades
 * and API calls from a foreign web origin are refused; the relay's own origin, loopback
 * ({@code conclave web}), the Conclave extension, configured origins and non-browser clients (no
 * Origin) are accepted, and cross-origin API answers carry CORS headers for the allowed origin only.
 */
class OriginPolicyIntegrationTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakRecorder.assertNoLeaks();
  }

  @Test
  void aWebSocketFromAForeignOriginIsRefusedAndAllowedOnesAreAccepted(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, b -> b.allowOrigin("https://client.example"))) {
      URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
      for (String foreign : List.of("https://evil.example", "http://relay.example", "null", "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
          "https://127.0.0.1:" + server.port(), "http://127.0.0.1.evil.example")) {
        assertThatThrownBy(() -> open(ws, foreign)).as(foreign).isInstanceOf(CompletionException.class)
            .cause().isInstanceOf(WebSocketHandshakeException.class)
            .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
      }
      for (String allowed : new String[] {null, "http://127.0.0.1:" + server.port(), "http://localhost:5173", "http://127.0.0.1:1",
          OriginPolicy.EXTENSION_ORIGIN, "https://client.example", "https://CLIENT.example:443"}) {
        WebSocket socket = open(ws, allowed);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
      }
    }
  }

  @Test
  void apiCallsFromAForeignOriginAreRefusedAndAllowedCrossOriginOnesGetCors(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      HttpResponse<String> refused = post(server, "https://evil.example");
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("origin_not_allowed");
      assertThat(refused.headers().firstValue("access-control-allow-origin")).isEmpty();

      HttpResponse<String> extension = post(server, OriginPolicy.EXTENSION_ORIGIN);
      assertThat(extension.statusCode()).isEqualTo(201);
      assertThat(extension.headers().allValues("access-control-allow-origin")).containsExactly(OriginPolicy.EXTENSION_ORIGIN);
      assertThat(extension.headers().allValues("vary")).containsExactly("origin");

      HttpResponse<String> same = post(server, "http://127.0.0.1:" + server.port());
      assertThat(same.statusCode()).isEqualTo(201);
      assertThat(same.headers().firstValue("access-control-allow-origin")).isEmpty();

      HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(server.uri("/api/meetings/x/close"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:4000").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().allValues("access-control-allow-origin")).containsExactly("http://localhost:4000");
      assertThat(preflight.headers().allValues("access-control-allow-headers")).containsExactly("Authorization");

      // Static files are not guarded: a foreign page may link to the relay's page.
      assertThat(http.send(HttpRequest.newBuilder(server.uri("/health")).header("Origin", "https://evil.example").build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anyOriginWhenConfiguredAndBadConfigurationIsRejected() {
    assertThat(new OriginPolicy(List.of("*")).allows("https://evil.example", "127.0.0.1:1", false)).isTrue();
    assertThat(OriginPolicy.defaults().allows("https://relay.example", "relay.example", true)).isTrue();
    assertThat(OriginPolicy.defaults().allows("https://relay.example", "relay.example:443", true)).isTrue();
    assertThat(OriginPolicy.defaults().allows("http://relay.example", "relay.example", true)).isFalse();
    assertThat(OriginPolicy.defaults().allows("https://relay.example:8443", "relay.example", true)).isFalse();
    assertThatThrownBy(() -> ServerConfig.builder().allowOrigin("https://x.example/path")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Main.parse(List.of("--allow-origin", "https://a.example,*")).allowedOrigins)
        .containsExactly("https://a.example", "*");
    assertThat(Main.parse(List.of()).allowedOrigins).isEmpty();
  }

  private WebSocket open(URI ws, String origin) {
    WebSocket.Builder b = http.newWebSocketBuilder();
    if (origin != null) {
      b.header("Origin", origin);
    }
    return b.buildAsync(ws, new WebSocket.Listener() { }).join();
  }

  private HttpResponse<String> post(TestServer server, String origin) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri("/api/meetings")).POST(HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).build(), HttpResponse.BodyHandlers.ofString());
  }
}
