package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.meeting.MeetingLimits;
import io.conclave.server.testing.LeakRecorder;
import io.conclave.server.testing.TestClient;
import io.conclave.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiIntegrationTest {

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakRecorder.assertNoLeaks();
  }

  @Test
  void createStatusAndClose(@TempDir Path dir) throws Exception {
    String hostToken;
    try (TestServer server = TestServer.start(dir)) {
      JsonNode created = server.createMeeting();
      String id = created.get("meetingId").asText();
      String host = created.get("hostToken").asText();
      assertThat(id).matches("[A-Za-z0-9_-]{22}");
      assertThat(Base64.getDecoder().decode(created.get("groupId").asText())).isEqualTo(id.getBytes());

      JsonNode sender = created.get("externalSender");
      assertThat(sender.get("cipherSuite").asInt()).isEqualTo(1);
      assertThat(sender.get("index").asInt()).isZero();
      ExternalSender decoded = TlsReader.decodeFully(
          Base64.getDecoder().decode(sender.get("externalSender").asText()), ExternalSender::decode);
      assertThat(decoded.signatureKey()).isEqualTo(Base64.getDecoder().decode(sender.get("signatureKey").asText()))
          .isEqualTo(server.server.serverKey().signatureKey());

      JsonNode status = TestServer.json(server.get("/api/meetings/" + id).body());
      assertThat(status.get("open").asBoolean()).isTrue();
      assertThat(status.get("epoch").asLong()).isEqualTo(-1);
      // The GroupInfo is the host's only: no token 401, another token 403, before registration 404.
      assertThat(server.get("/api/meetings/" + id + "/group-info").statusCode()).isEqualTo(401);
      assertThat(TestServer.json(server.get("/api/meetings/" + id + "/group-info").body()).get("error").asText())
          .isEqualTo("host_token_required");
      assertThat(server.getBytes("/api/meetings/" + id + "/group-info", "wrong").statusCode()).isEqualTo(403);
      assertThat(server.getBytes("/api/meetings/" + id + "/group-info", host).statusCode()).isEqualTo(404);
      assertThat(server.getBytes("/api/meetings/unknown/group-info", host).statusCode()).isEqualTo(404);

      try (TestClient c = TestClient.connect(server.port())) {
        c.send(new ClientMessage.Hello(id, null));
        c.expect(ServerMessage.Ready.class);
        assertThat(server.post("/api/meetings/" + id + "/close", null).statusCode()).isEqualTo(401);
        assertThat(server.post("/api/meetings/" + id + "/close", "wrong").statusCode()).isEqualTo(403);
        assertThat(server.post("/api/meetings/" + id + "/close", host).statusCode()).isEqualTo(204);
        assertThat(c.awaitClose()).isEqualTo(CloseCode.MEETING_CLOSED.code());
      }
      JsonNode closed = TestServer.json(server.get("/api/meetings/" + id).body());
      assertThat(closed.get("open").asBoolean()).isFalse();
      try (TestClient late = TestClient.connect(server.port())) {
        late.send(new ClientMessage.Hello(id, null));
        assertThat(late.awaitClose()).isEqualTo(CloseCode.MEETING_CLOSED.code());
      }
      assertThat(server.get("/api/meetings/nope").statusCode()).isEqualTo(404);
      assertThat(server.post("/api/meetings/nope/close", host).statusCode()).isEqualTo(404);
      assertThat(server.get("/api/meetings").statusCode()).isEqualTo(405);
      hostToken = host;
    }
    // The store keeps only a hash of the host token: the token itself is in no file the server wrote.
    byte[] token = hostToken.getBytes(StandardCharsets.US_ASCII);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(file), token)).as("host token in %s", file).isEqualTo(-1);
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void meetingsPerServerAreLimited(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir,
        b -> b.meetingLimits(new MeetingLimits(2, 10, Duration.ofSeconds(30))))) {
      server.createMeeting();
      server.createMeeting();
      HttpResponse<String> third = server.post("/api/meetings", null);
      assertThat(third.statusCode()).isEqualTo(503);
      assertThat(TestServer.json(third.body()).get("error").asText()).isEqualTo("too_many_meetings");
    }
  }

  @Test
  void healthMetricsAndOversizedRequests(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      HttpResponse<String> health = server.get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
      server.createMeeting();
      HttpResponse<String> metrics = server.metrics();
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type")).get().asString().startsWith("text/plain");
      assertThat(metrics.body()).contains("conclave_meetings_open 1.0", "conclave_connections ",
          "conclave_media_frames_in_total", "conclave_media_dropped_total", "conclave_ds_commit_latency_seconds",
          "conclave_media_queued_frames", "conclave_media_keyframe_requests_by_receivers_total");
      HttpResponse<String> big = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(server.uri("/api/meetings"))
              .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[200_000])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(big.statusCode()).isEqualTo(413);
    }
  }

  @Test
  void servesTheWebClientWithoutLeavingItsRoot(@TempDir Path dir) throws Exception {
    Path web = Files.createDirectories(dir.resolve("web"));
    Files.writeString(web.resolve("index.html"), "<h1>conclave</h1>");
    Files.writeString(web.resolve("app.js"), "console.log(1)");
    Files.writeString(dir.resolve("secret.txt"), "no");
    try (TestServer server = TestServer.start(dir.resolve("data"), b -> b.webRoot(web))) {
      assertThat(server.get("/").body()).isEqualTo("<h1>conclave</h1>");
      assertThat(server.get("/m/abc").body()).isEqualTo("<h1>conclave</h1>");
      HttpResponse<String> js = server.get("/app.js");
      assertThat(js.headers().firstValue("content-type")).get().asString().startsWith("text/javascript");
      assertThat(server.get("/missing.css").statusCode()).isEqualTo(404);
      HttpResponse<String> climb = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/%2e%2e/secret.txt")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(climb.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void tlsWithAGeneratedSelfSignedCertificate(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir, ServerConfig.Builder::selfSignedTls)) {
      assertThat(dir.resolve("tls/self-signed.p12")).exists();
      try (TestClient c = TestClient.connect(server.port(), true, 0)) {
        c.send(new ClientMessage.Hello("unknown", null));
        assertThat(c.awaitClose()).isEqualTo(CloseCode.UNKNOWN_MEETING.code());
      }
    }
  }
}
