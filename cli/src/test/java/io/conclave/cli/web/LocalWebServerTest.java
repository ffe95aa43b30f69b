package io.conclave.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code conclave web} (docs/SECURITY.md, "Trusting the web client"): it serves exactly the files
 * of the packaged manifest, with the off-relay CSP, on the loopback address only, and answers only
 * requests that name it.
 */
class LocalWebServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesEveryFileOfThePackagedManifestByteForByte() throws Exception {
    WebManifest manifest = WebManifest.packaged();
    try (LocalWebServer server = LocalWebServer.start(0)) {
      assertThat(server.identity()).isEqualTo(manifest.identity());
      assertThat(manifest.files()).containsKeys("/index.html", "/assets/index.js");
      for (Map.Entry<String, String> f : manifest.files().entrySet()) {
        HttpResponse<byte[]> r = get(server, f.getKey());
        assertThat(r.statusCode()).as(f.getKey()).isEqualTo(200);
        assertThat(WebManifest.sha256Hex(r.body())).as(f.getKey()).isEqualTo(f.getValue());
        assertThat(r.headers().allValues("content-security-policy")).containsExactly(LocalWebServer.CONTENT_SECURITY_POLICY);
      }
      // Client routes are the page; the manifest itself is served; nothing else is.
      assertThat(WebManifest.sha256Hex(get(server, "/m/abc?relay=https%3A%2F%2Frelay.example").body())).isEqualTo(manifest.files().get("/index.html"));
      HttpResponse<byte[]> m = get(server, "/conclave-manifest.json");
      assertThat(WebManifest.parse(new java.io.ByteArrayInputStream(m.body())).identity()).isEqualTo(manifest.identity());
      for (String absent : List.of("/assets/nope.js", "/../pom.xml", "/api/meetings", "/ws", "/m/a/b", "/index.html/x")) {
        assertThat(get(server, absent).statusCode()).as(absent).isEqualTo(404);
      }
      assertThat(LocalWebServer.CONTENT_SECURITY_POLICY).contains("connect-src 'self' https: wss: ").contains("frame-ancestors 'none'")
          .doesNotContain("unsafe").doesNotContain("ws: ");
    }
  }

  @Test
  void bindsOnlyTheLoopbackAddressAndAnswersOnlyToItsOwnName() throws Exception {
    try (LocalWebServer server = LocalWebServer.start(0)) {
      assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
      InetAddress external = NetworkInterface.networkInterfaces().filter(i -> !i.isVirtual())
          .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
          .findFirst().orElse(null);
      if (external != null) {
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress(external, server.port()), 2000))
            .as("port %d on %s", server.port(), external).isInstanceOf(ConnectException.class);
      }
      assertThat(rawStatus(server.port(), "127.0.0.1:" + server.port())).isEqualTo(200);
      assertThat(rawStatus(server.port(), "localhost:" + server.port())).isEqualTo(200);
      // A page of another site reaching this port by DNS rebinding names its own host.
      assertThat(rawStatus(server.port(), "evil.example:" + server.port())).isEqualTo(421);
      assertThat(rawStatus(server.port(), "127.0.0.1:" + (server.port() + 1))).isEqualTo(421);
      assertThat(server.startPage()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/?client=local"));
    }
  }

  private HttpResponse<byte[]> get(LocalWebServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int rawStatus(int port, String host) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = s.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
