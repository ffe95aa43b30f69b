package io.conclave.cli.testing;

import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import io.conclave.server.meeting.MeetingLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real relay on a free loopback port, plain HTTP, embedded database under {@code dataDir}. */
public final class LoopbackServer implements AutoCloseable {
  private final ConclaveServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private LoopbackServer(ConclaveServer server) {
    this.server = server;
  }

  /** Short reconnect grace and roomy meetings, so that churning test connections never fill one. */
  public static LoopbackServer start(Path dataDir) throws Exception {
    return new LoopbackServer(ConclaveServer.start(ServerConfig.builder().port(0).dataDir(dataDir).metricsListener("127.0.0.1", 0)
        .meetingLimits(new MeetingLimits(1000, 1000, Duration.ofSeconds(1))).build()));
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** GET /health answered 200. */
  public boolean healthy() throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(uri().resolve("/health")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** GET /metrics from the relay's separate metrics listener: the Prometheus text exposition. */
  public String metrics() throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Override
  public void close() {
    server.close();
  }
}
