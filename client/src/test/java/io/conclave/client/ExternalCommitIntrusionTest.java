package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.client.admission.Admission;
import io.conclave.client.admission.ConclaveExtensions;
import io.conclave.client.transport.MeetingApi;
import io.conclave.client.transport.RelayConnection;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.ExternalJoin;
import io.conclave.mls.group.ExternalJoinOptions;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.group.ProcessResult;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.control.RosterEntry;
import io.conclave.protocol.control.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance test 4 (docs/SECURITY.md, "Meetings"), external-commit variant: anyone holding the
 * meeting's GroupInfo (the relay, or whoever fetches {@code GET /api/meetings/{id}/group-info})
 * joins by external commit (RFC 9420 §12.4.3.2) without an invite proof, declaring the Conclave
 * extensions so the join itself is valid. Every honest client flags it and the host removes it.
 */
class ExternalCommitIntrusionTest {
  private final CipherSuite suite = CipherSuites.get(MeetingClient.CIPHER_SUITE);

  @Test
  void externalJoinerWithoutProofIsFlaggedAndRemoved() throws Exception {
    try (LiveMeeting meeting = new LiveMeeting(); HttpClient http = HttpClient.newHttpClient()) {
      MeetingClient host = meeting.create("host");
      MeetingClient member = meeting.join(host.inviteLink().orElseThrow(), "member");
      long epoch = LiveMeeting.awaitConverged(List.of(host, member));

      BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
      URI ws = new MeetingApi(http, meeting.uri).webSocketUri();
      try (RelayConnection intruder = RelayConnection.open(http, ws, new ControlCodec(1 << 22), handler(received))) {
        intruder.send(new ClientMessage.Hello(host.meetingId(), null));
        ServerMessage.Ready ready = next(received, ServerMessage.Ready.class);

        HttpResponse<byte[]> info = http.send(HttpRequest.newBuilder(
            meeting.uri.resolve("/api/meetings/" + host.meetingId() + "/group-info")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(info.statusCode()).isEqualTo(200);
        ExternalJoin join = Group.joinExternally(TlsReader.decodeFully(info.body(), MlsMessage::decode),
            new Credential.Basic("intruder".getBytes(StandardCharsets.UTF_8)), suite.generateSignatureKeyPair(),
            ExternalJoinOptions.DEFAULT.withLeaf(ConclaveExtensions.capabilities(suite), List.of()),
            GroupConfig.DEFAULT);
        Group group = join.group();
        intruder.send(new ClientMessage.Commit(epoch, join.commit().toBytes(), null,
            group.groupInfo(true).toBytes(),
            List.of(new RosterEntry(ready.participant(), group.ownLeafIndex().value())), List.of()));
        assertThat(next(received, ServerMessage.CommitAccepted.class).epoch()).isEqualTo(epoch + 1);

        ServerMessage.Commit removal = next(received, ServerMessage.Commit.class);
        assertThat(group.process(TlsReader.decodeFully(removal.commit(), MlsMessage::decode)))
            .isInstanceOfSatisfying(ProcessResult.CommitApplied.class, c -> assertThat(c.selfRemoved()).isTrue());
      }
      LiveMeeting.awaitConverged(List.of(host, member));
      for (MeetingClient honest : List.of(host, member)) {
        assertThat(meeting.recorder(honest).unauthorised).as("flags of " + meeting.recorder(honest).name)
            .singleElement().satisfies(a -> {
              assertThat(a.identity()).isEqualTo("intruder");
              assertThat(a.basis()).isEqualTo(Admission.Basis.NONE);
            });
        assertThat(honest.roster()).extracting(Participant::name).containsExactly("host", "member");
        assertThat(honest.epoch()).isEqualTo(epoch + 2);
      }
    }
  }

  private static RelayConnection.Handler handler(BlockingQueue<ServerMessage> received) {
    return new RelayConnection.Handler() {
      @Override
      public void control(ServerMessage message) {
        received.add(message);
      }

      @Override
      public void media(byte[] frame) {}

      @Override
      public void closed(int code, String reason) {}
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
