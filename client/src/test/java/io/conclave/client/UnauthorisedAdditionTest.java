package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.client.admission.Admission;
import io.conclave.client.transport.MeetingApi;
import io.conclave.client.transport.RelayConnection;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.ExternalJoin;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance test 4 (docs/SECURITY.md, "Meetings"): additions without an invite proof. A join
 * request without a proof (as a compromised relay would inject) is committed by no honest client;
 * when a colluding member commits one anyway, or the relay itself joins by external commit from
 * the GroupInfo it stores, every honest client flags the newcomer and the host's client removes it.
 */
class UnauthorisedAdditionTest {

  @Test
  void noHonestClientAdmitsWithoutProofAndTheHostRemovesWhatAColluderAdds() throws Exception {
    try (LiveMeeting meeting = new LiveMeeting()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = host.inviteLink().orElseThrow();
      MeetingClient member = meeting.join(link, "member");
      long epoch = LiveMeeting.awaitConverged(List.of(host, member));

      MeetingClient intruder = meeting.askToJoin(host.meetingId(), "intruder");
      Thread.sleep(4000);
      assertThat(host.epoch()).as("nobody committed the proofless join request").isEqualTo(epoch);
      assertThat(member.epoch()).isEqualTo(epoch);
      assertThat(intruder.roster()).isEmpty();

      MeetingClient colluder = meeting.join(link, "colluder", meeting.config().skipAdmissionCheck(true).build());
      LiveMeeting.awaitConverged(List.of(host, member, colluder));
      MeetingClient smuggled = meeting.askToJoin(host.meetingId(), "smuggled");
      smuggled.awaitJoined(LiveMeeting.TIMEOUT);
      LiveMeeting.await("the host removes the smuggled member", () -> meeting.recorder(smuggled).removed);
      LiveMeeting.awaitConverged(List.of(host, member, colluder));

      for (MeetingClient honest : List.of(host, member)) {
        assertThat(meeting.recorder(honest).unauthorised).as("flags of " + meeting.recorder(honest).name)
            .singleElement().satisfies(a -> {
              assertThat(a.identity()).isEqualTo("smuggled");
              assertThat(a.basis()).isEqualTo(Admission.Basis.NONE);
            });
        assertThat(honest.roster()).extracting(Participant::name).containsExactly("host", "member", "colluder");
      }
      assertThat(intruder.roster()).as("the first request never got in").isEmpty();
    }
  }

  @Test
  void theRelayJoiningByExternalCommitIsFlaggedAndRemoved() throws Exception {
    try (LiveMeeting meeting = new LiveMeeting()) {
      MeetingClient host = meeting.create("host");
      MeetingClient member = meeting.join(host.inviteLink().orElseThrow(), "member");
      long epoch = LiveMeeting.awaitConverged(List.of(host, member));

      // What a compromised relay can do on its own: take the GroupInfo it stores and join by
      // external commit (RFC 9420 §12.4.3.2) under a participant id it controls.
      HttpClient http = HttpClient.newHttpClient();
      byte[] info = http.send(HttpRequest.newBuilder(meeting.uri.resolve("/api/meetings/" + host.meetingId()
          + "/group-info")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
      CompletableFuture<String> ready = new CompletableFuture<>();
      CompletableFuture<ServerMessage> verdict = new CompletableFuture<>();
      RelayConnection spy = RelayConnection.open(http, new MeetingApi(http, meeting.uri).webSocketUri(),
          new ControlCodec(4 << 20), new RelayConnection.Handler() {
            @Override
            public void control(ServerMessage m) {
              switch (m) {
                case ServerMessage.Ready r -> ready.complete(r.participant());
                case ServerMessage.CommitAccepted a -> verdict.complete(a);
                case ServerMessage.CommitRejected r -> verdict.complete(r);
                default -> { }
              }
            }

            @Override
            public void media(byte[] frame) {}

            @Override
            public void closed(int code, String reason) {}
          });
      spy.send(new ClientMessage.Hello(host.meetingId(), null));
      String spyId = ready.get(30, TimeUnit.SECONDS);
      SignatureKeyPair keys = CipherSuites.get(1).generateSignatureKeyPair();
      ExternalJoin join = Group.joinExternally(TlsReader.decodeFully(info, MlsMessage::decode),
          new Credential.Basic("relay".getBytes(StandardCharsets.UTF_8)), keys, GroupConfig.DEFAULT);
      spy.send(new ClientMessage.Commit(epoch, join.commit().toBytes(), null, join.group().groupInfo(true).toBytes(),
          List.of(new RosterEntry(spyId, join.group().ownLeafIndex().value())), List.of()));
      assertThat(verdict.get(30, TimeUnit.SECONDS)).isInstanceOf(ServerMessage.CommitAccepted.class);

      LiveMeeting.await("both flag the relay's leaf", () -> !meeting.recorder(host).unauthorised.isEmpty()
          && !meeting.recorder(member).unauthorised.isEmpty());
      LiveMeeting.await("the host removes it", () -> host.epoch() >= epoch + 2 && member.epoch() == host.epoch());
      LiveMeeting.awaitConverged(List.of(host, member));
      for (MeetingClient honest : List.of(host, member)) {
        assertThat(meeting.recorder(honest).unauthorised).singleElement()
            .satisfies(a -> assertThat(a.identity()).isEqualTo("relay"));
        assertThat(honest.roster()).extracting(Participant::name).containsExactly("host", "member");
      }
      spy.close();
    }
  }
}
