package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.testing.LeakRecorder;
import io.conclave.server.testing.TestServer;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headers every relay response carries, exactly as docs/PROTOCOL.md ("Static files") states
 * them: the strings are spelled out here, not taken from the code under test.
 */
class SecurityHeadersTest {
  private static final String POLICY = "default-src 'none'; script-src 'self' blob:; worker-src 'self' blob:; "
      + "style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' %s; "
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakRecorder.assertNoLeaks();
  }

  @Test
  void plainHttpResponsesCarryTheDocumentedHeadersAndNoHsts(@TempDir Path dir) throws Exception {
    Path web = Files.createDirectories(dir.resolve("web/assets"));
    Files.writeString(web.resolveSibling("index.html"), "<h1>conclave</h1>");
    Files.writeString(web.resolve("index.js"), "console.log(1)");
    try (TestServer server = TestServer.start(dir.resolve("data"), b -> b.webRoot(web.getParent()))) {
      for (String path : new String[] {"/", "/m/abc", "/assets/index.js", "/missing.css", "/health", "/api/meetings/nope"}) {
        HttpResponse<String> r = server.get(path);
        assertThat(r.headers().allValues("content-security-policy")).as(path)
            .containsExactly(POLICY.formatted("ws://127.0.0.1:" + server.port()));
        assertThat(r.headers().allValues("referrer-policy")).as(path).containsExactly("no-referrer");
        assertThat(r.headers().allValues("x-content-type-options")).as(path).containsExactly("nosniff");
        assertThat(r.headers().allValues("cache-control")).as(path).containsExactly("no-store");
        assertThat(r.headers().firstValue("strict-transport-security")).as(path).isEmpty();
      }
    }
  }

  @Test
  void aHostHeaderThatIsNotAPlainHostNamesNoWebSocketOrigin(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      Map<String, String> h = rawGet(server.port(), false, "/health", "evil.example; script-src *");
      assertThat(h.get("content-security-policy")).isEqualTo(POLICY.formatted("").replace("'self' ;", "'self';"));
      h = rawGet(server.port(), false, "/health", "relay.example:8443");
      assertThat(h.get("content-security-policy")).isEqualTo(POLICY.formatted("ws://relay.example:8443"));
    }
  }

  @Test
  void tlsAddsHstsAndNamesTheSecureWebSocket(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, ServerConfig.Builder::selfSignedTls)) {
      Map<String, String> h = rawGet(server.port(), true, "/", "127.0.0.1:" + server.port());
      assertThat(h.get("content-security-policy")).isEqualTo(POLICY.formatted("wss://127.0.0.1:" + server.port()));
      assertThat(h.get("strict-transport-security")).isEqualTo("max-age=31536000");
      assertThat(h.get("referrer-policy")).isEqualTo("no-referrer");
      assertThat(h.get("x-content-type-options")).isEqualTo("nosniff");
    }
  }

  /** The response headers (lower-case names) of a GET sent byte by byte, with the given Host header. */
  private static Map<String, String> rawGet(int port, boolean tls, String path, String host) throws Exception {
    java.net.Socket socket;
    if (tls) {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
      SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
      s.startHandshake();
      socket = s;
    } else {
      socket = new java.net.Socket("127.0.0.1", port);
    }
    try (socket) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      String head = response.substring(0, response.indexOf("\r\n\r\n"));
      Map<String, String> headers = new LinkedHashMap<>();
      String[] lines = head.split("\r\n");
      assertThat(lines[0]).startsWith("HTTP/1.1 ");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      return headers;
    }
  }
}
