package io.conclave.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A real server on a free loopback port (plain HTTP), with an HTTP client for its API. */
public final class TestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> hostTokens = new ConcurrentHashMap<>();
  public final ConclaveServer server;

  private TestServer(ConclaveServer server) {
    this.server = server;
  }

  public static TestServer start(Path dataDir, Consumer<ServerConfig.Builder> customize) throws Exception {
    ServerConfig.Builder b = ServerConfig.builder().port(0).dataDir(dataDir).metricsListener("127.0.0.1", 0);
    customize.accept(b);
    return new TestServer(ConclaveServer.start(b.build()));
  }

  public static TestServer start(Path dataDir) throws Exception {
    return start(dataDir, b -> { });
  }

  public int port() {
    return server.port();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET /metrics from the separate metrics listener. */
  public HttpResponse<String> metrics() throws IOException, InterruptedException {
    return metricsPath("/metrics");
  }

  /** GET {@code path} on the metrics listener. */
  public HttpResponse<String> metricsPath(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + path)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  public int metricsPortNumber() {
    return server.metricsPort();
  }

  public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
    return getBytes(path, null);
  }

  /** GET with {@code Authorization: Bearer <bearer>} unless {@code bearer} is null. */
  public HttpResponse<byte[]> getBytes(String path, String bearer) throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).GET();
    if (bearer != null) {
      r.header("Authorization", "Bearer " + bearer);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The host token {@link #createMeeting()} got for {@code meetingId} (tokens survive a restart of the test's server object only if created through it). */
  public String hostToken(String meetingId) {
    String token = hostTokens.get(meetingId);
    if (token == null) {
      throw new IllegalArgumentException("no meeting " + meetingId + " created through this TestServer");
    }
    return token;
  }

  /** Records the host token of a meeting created by another TestServer on the same data (after a restart). */
  public void rememberHostToken(String meetingId, String hostToken) {
    hostTokens.put(meetingId, hostToken);
  }

  /** The server's ExternalSender, as a creator puts it into external_senders. */
  public ExternalSender externalSender() {
    return TlsReader.decodeFully(server.serverKey().externalSender(), ExternalSender::decode);
  }

  public HttpResponse<String> post(String path, String bearer) throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
    if (bearer != null) {
      r.header("Authorization", "Bearer " + bearer);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST /api/meetings; the parsed response body. */
  public JsonNode createMeeting() throws IOException, InterruptedException {
    HttpResponse<String> r = post("/api/meetings", null);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("create meeting: HTTP " + r.statusCode() + " " + r.body());
    }
    JsonNode body = JSON.readTree(r.body());
    hostTokens.put(body.get("meetingId").asText(), body.get("hostToken").asText());
    return body;
  }

  public static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }

  /** Connects a client and says hello; returns it after its {@code ready}. */
  public Participant join(String meetingId) throws Exception {
    TestClient c = TestClient.connect(port());
    c.send(new ClientMessage.Hello(meetingId, null));
    return new Participant(c, c.expect(ServerMessage.Ready.class));
  }

  /** A connected client with its {@code ready}. */
  public record Participant(TestClient client, ServerMessage.Ready ready) implements AutoCloseable {
    public String id() {
      return ready.participant();
    }

    @Override
    public void close() {
      client.close();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
