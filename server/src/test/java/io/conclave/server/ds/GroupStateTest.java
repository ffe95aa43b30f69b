package io.conclave.server.ds;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.store.MeetingRecord;
import io.conclave.server.store.ParticipantRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the relay knows of a group after a restart (docs/PROTOCOL.md, "Commits" step 4). */
class GroupStateTest {
  @Test
  void restoreKeepsWhoWasAdmittedAndWhichKeyPackagesWereAdded() {
    MeetingRecord meeting = new MeetingRecord("m1", new byte[] {1}, 1, null, -1, null);
    GroupState g = GroupState.restore(meeting, List.of(
        new ParticipantRecord("m1", "p1", new byte[] {2}, 0L, 10, 10, false, null, true),
        new ParticipantRecord("m1", "p2", new byte[] {3}, 1L, 10, 10, false, null, false)),
        List.of(), List.of("aa", "bb"));
    assertThat(g.addedKeyPackages).containsExactlyInAnyOrder("aa", "bb");
    assertThat(g.participants.get("p1").admitted).isTrue();
    assertThat(g.participants.get("p2").admitted).isFalse();
  }
}
