package io.conclave.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/** The relay's HTTP API (docs/PROTOCOL.md, "HTTP API"): what a meeting's creator needs. */
public final class MeetingApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final URI server;

  /** @param server the server's base URI, e.g. {@code https://host:8443} */
  public MeetingApi(HttpClient http, URI server) {
    this.http = http;
    this.server = server;
  }

  /**
   * A new meeting: its id, the host token (closes the meeting), and the server's external sender
   * (RFC 9420 §12.1.8.1) to list in the group's {@code external_senders}.
   *
   * @param externalSender the TLS-encoded {@code ExternalSender} struct
   */
  public record CreatedMeeting(String meetingId, String hostToken, int cipherSuite, byte[] externalSender) {
    public CreatedMeeting {
      externalSender = externalSender.clone();
    }

    @Override
    public byte[] externalSender() {
      return externalSender.clone();
    }
  }

  /** {@code POST /api/meetings}. */
  public CreatedMeeting create() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(server.resolve("/api/meetings")).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 201) {
      throw new IOException("creating a meeting failed: HTTP " + response.statusCode());
    }
    JsonNode body = JSON.readTree(response.body());
    JsonNode sender = body.path("externalSender");
    try {
      return new CreatedMeeting(body.path("meetingId").asText(), body.path("hostToken").asText(),
          sender.path("cipherSuite").asInt(), Base64.getDecoder().decode(sender.path("externalSender").asText()));
    } catch (IllegalArgumentException e) {
      throw new IOException("malformed meeting creation response", e);
    }
  }

  /** The WebSocket URI of the server: {@code ws(s)://authority/ws}. */
  public URI webSocketUri() {
    String scheme = server.getScheme().equals("https") ? "wss" : "ws";
    return URI.create(scheme + "://" + server.getRawAuthority() + "/ws");
  }
}
