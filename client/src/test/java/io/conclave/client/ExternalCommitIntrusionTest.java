package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.client.admission.ConclaveExtensions;
import io.conclave.client.transport.MeetingApi;
import io.conclave.client.transport.RelayConnection;
import io.conclave.mls.MlsException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.ExternalJoinOptions;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.control.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance test 4 (docs/SECURITY.md, "Meetings"), external-commit variant. Before issue 10,
 * anyone holding the meeting id fetched {@code GET /api/meetings/{id}/group-info}, which carried
 * {@code external_pub}, joined by external commit (RFC 9420 §12.4.3.2) and the relay accepted it.
 * Now the GroupInfo is served only with the host token and without {@code external_pub}, and the
 * relay refuses commits from non-members (4409): the intruder gets nowhere and the honest clients
 * see no change. (That honest clients flag an external joiner a malicious relay let in is tested in
 * {@code AdmissionCheckTest}.)
 */
class ExternalCommitIntrusionTest {
  private final CipherSuite suite = CipherSuites.get(MeetingClient.CIPHER_SUITE);

  @Test
  void externalJoinIsImpossibleThroughTheRelay() throws Exception {
    try (LiveMeeting meeting = new LiveMeeting(); HttpClient http = HttpClient.newHttpClient()) {
      MeetingClient host = meeting.create("host");
      MeetingClient member = meeting.join(host.inviteLink().orElseThrow(), "member");
      long epoch = LiveMeeting.awaitConverged(List.of(host, member));
      URI groupInfo = meeting.uri.resolve("/api/meetings/" + host.meetingId() + "/group-info");

      // Without the host token: 401. With it, the GroupInfo has no external_pub to join with.
      assertThat(http.send(HttpRequest.newBuilder(groupInfo).build(), HttpResponse.BodyHandlers.ofByteArray())
          .statusCode()).isEqualTo(401);
      HttpResponse<byte[]> info = http.send(HttpRequest.newBuilder(groupInfo)
          .header("Authorization", "Bearer " + host.hostToken().orElseThrow()).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(info.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> Group.joinExternally(TlsReader.decodeFully(info.body(), MlsMessage::decode),
          new Credential.Basic("intruder".getBytes(StandardCharsets.UTF_8)), suite.generateSignatureKeyPair(),
          ExternalJoinOptions.DEFAULT.withLeaf(ConclaveExtensions.capabilities(suite), List.of()),
          GroupConfig.DEFAULT)).isInstanceOf(MlsException.class);

      // A non-member's commit closes its connection, whatever it holds.
      BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      URI ws = new MeetingApi(http, meeting.uri).webSocketUri();
      try (RelayConnection intruder = RelayConnection.open(http, ws, new ControlCodec(1 << 22),
          handler(received, closed))) {
        intruder.send(new ClientMessage.Hello(host.meetingId(), null));
        next(received, ServerMessage.Ready.class);
        intruder.send(new ClientMessage.Commit(epoch, info.body(), null, info.body()));
        assertThat(closed.get(LiveMeeting.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            .isEqualTo(CloseCode.OUT_OF_ORDER.code());
      }
      for (MeetingClient honest : List.of(host, member)) {
        assertThat(meeting.recorder(honest).unauthorised).isEmpty();
        assertThat(honest.roster()).extracting(Participant::name).containsExactly("host", "member");
        assertThat(honest.epoch()).isEqualTo(epoch);
      }
    }
  }

  private static RelayConnection.Handler handler(BlockingQueue<ServerMessage> received,
      CompletableFuture<Integer> closed) {
    return new RelayConnection.Handler() {
      @Override
      public void control(ServerMessage message) {
        received.add(message);
      }

      @Override
      public void media(byte[] frame) {}

      @Override
      public void closed(int code, String reason) {
        closed.complete(code);
      }
    };
  }

  /** The next message of {@code type}, skipping others (proposals, application messages). */
  private static <T extends ServerMessage> T next(BlockingQueue<ServerMessage> received, Class<T> type)
      throws InterruptedException {
    long deadline = System.nanoTime() + LiveMeeting.TIMEOUT.toNanos();
    while (true) {
      ServerMessage m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("timed out waiting for " + type.getSimpleName());
      }
      if (type.isInstance(m)) {
        return type.cast(m);
      }
    }
  }
}
