package io.conclave.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.testing.DatabaseExtension;
import io.conclave.server.testing.Databases;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(DatabaseExtension.class)
class JdbcMeetingStoreTest {

  private static Database open(Databases kind, DatabaseExtension.Provider databases) throws Exception {
    Databases.Target t = databases.fresh(kind);
    return Database.open(t.url(), t.user(), t.password());
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void meetingsGroupStateAndProposalsPersist(Databases kind, DatabaseExtension.Provider databases)
      throws Exception {
    try (Database db = open(kind, databases)) {
      MeetingStore store = new JdbcMeetingStore(db.dataSource());
      assertThat(store.isHealthy()).isTrue();
      store.createMeeting(new MeetingRecord("m1", new byte[] {1, 2}, 100, null, -1, null));
      assertThat(store.findMeeting("m1")).get().satisfies(m -> {
        assertThat(m.isOpen()).isTrue();
        assertThat(m.epoch()).isEqualTo(-1);
        assertThat(m.groupInfo()).isNull();
        assertThat(m.hostTokenHash()).containsExactly(1, 2);
      });
      store.addProposal(new ProposalRecord("m1", 0, 0, "server", new byte[] {7}));
      store.addProposal(new ProposalRecord("m1", 1, 0, "p1", new byte[] {8}));
      store.saveGroup("m1", 1, new byte[] {9, 9});
      assertThat(store.proposals("m1", 0)).isEmpty();
      assertThat(store.proposals("m1", 1)).singleElement()
          .satisfies(p -> assertThat(p.message()).containsExactly(8));
      assertThat(store.findMeeting("m1").orElseThrow().groupInfo()).containsExactly(9, 9);
      assertThat(store.openMeetings()).extracting(MeetingRecord::id).containsExactly("m1");
      store.closeMeeting("m1", 200);
      assertThat(store.findMeeting("m1").orElseThrow().closedAt()).isEqualTo(200L);
      assertThat(store.openMeetings()).isEmpty();
      assertThat(store.findMeeting("nope")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void participantsAreUpsertedAndServerKeyIsKeptOnce(Databases kind, DatabaseExtension.Provider databases)
      throws Exception {
    try (Database db = open(kind, databases)) {
      MeetingStore store = new JdbcMeetingStore(db.dataSource());
      store.createMeeting(new MeetingRecord("m2", new byte[] {1}, 1, null, -1, null));
      store.saveParticipant(new ParticipantRecord("m2", "p1", new byte[] {3}, null, 10, 10, true, null, true));
      store.saveParticipant(new ParticipantRecord("m2", "p1", new byte[] {3}, 4L, 10, 20, false, 30L, false));
      assertThat(store.participants("m2")).singleElement().satisfies(p -> {
        assertThat(p.leaf()).isEqualTo(4L);
        assertThat(p.connected()).isFalse();
        assertThat(p.leftAt()).isEqualTo(30L);
        assertThat(p.admitted()).isFalse();
      });
      store.addKeyPackageRefs("m2", List.of("aa", "bb"));
      store.addKeyPackageRefs("m2", List.of("bb", "cc"));
      assertThat(store.keyPackageRefs("m2")).containsExactly("aa", "bb", "cc");
      store.closeMeeting("m2", 40);
      assertThat(store.keyPackageRefs("m2")).isEmpty();
      assertThat(store.participants("m2")).isEmpty();
      ServerKeyRecord first = store.saveServerKeyIfAbsent(new ServerKeyRecord(1, new byte[] {1}, new byte[] {2}, new byte[] {3}));
      ServerKeyRecord second = store.saveServerKeyIfAbsent(new ServerKeyRecord(1, new byte[] {4}, new byte[] {5}, new byte[] {6}));
      assertThat(first.publicKey()).containsExactly(2);
      assertThat(second.publicKey()).containsExactly(2);
      assertThat(second.toString()).doesNotContain("1, ");
    }
  }
}
