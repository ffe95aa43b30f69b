package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.conclave.admission.Admission;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Acceptance test 4 (docs/SECURITY.md, "Meetings"): additions without an invite proof. A join
 * request without a proof (as a compromised relay would inject) is committed by no honest client;
 * when a colluding member commits one anyway, every honest client flags the newcomer and the
 * host's client removes it. (Joining by external commit is judged the same way:
 * ExternalCommitIntrusionTest.)
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
      // Once added, the colluder also receives the intruder's still pending request (PROTOCOL.md,
      // "Join requests") and adds it too: the honest members remove both (any member may), and
      // neither ever counts itself joined: no host attested its admission.
      LiveMeeting.await("the smuggled members are removed",
          () -> meeting.recorder(smuggled).removed && meeting.recorder(intruder).removed);
      assertThat(meeting.recorder(smuggled).authenticated).isEmpty();
      LiveMeeting.awaitConverged(List.of(host, member, colluder));

      for (MeetingClient honest : List.of(host, member)) {
        assertThat(meeting.recorder(honest).unauthorised).as("flags of " + meeting.recorder(honest).name)
            .extracting(Admission::identity, Admission::basis).containsExactlyInAnyOrder(
                tuple("intruder", Admission.Basis.NONE), tuple("smuggled", Admission.Basis.NONE));
        assertThat(honest.roster()).extracting(Participant::name).containsExactly("host", "member", "colluder");
      }
    }
  }
}
