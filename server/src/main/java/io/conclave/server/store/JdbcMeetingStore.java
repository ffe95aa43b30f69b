package io.conclave.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link MeetingStore} over plain JDBC with SQL that H2 and PostgreSQL both accept. */
public final class JdbcMeetingStore implements MeetingStore {
  private final DataSource dataSource;

  public JdbcMeetingStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(operation, e);
    }
  }

  @Override
  public ServerKeyRecord saveServerKeyIfAbsent(ServerKeyRecord key) {
    return inTransaction("save server key", c -> {
      Optional<ServerKeyRecord> existing = loadServerKey(c);
      if (existing.isPresent()) {
        return existing.get();
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO server_key (id, cipher_suite, private_key, public_key, credential, created_at)"
              + " VALUES (1, ?, ?, ?, ?, ?)")) {
        s.setInt(1, key.cipherSuite());
        s.setBytes(2, key.privateKey());
        s.setBytes(3, key.publicKey());
        s.setBytes(4, key.credential());
        s.setLong(5, System.currentTimeMillis());
        s.executeUpdate();
      }
      return key;
    });
  }

  private static Optional<ServerKeyRecord> loadServerKey(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT cipher_suite, private_key, public_key, credential FROM server_key WHERE id = 1");
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        return Optional.empty();
      }
      return Optional.of(new ServerKeyRecord(r.getInt(1), r.getBytes(2), r.getBytes(3), r.getBytes(4)));
    }
  }

  @Override
  public void createMeeting(MeetingRecord m) {
    inTransaction("create meeting", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO meeting (id, host_token_hash, created_at, closed_at, epoch, group_info)"
              + " VALUES (?, ?, ?, NULL, ?, ?)")) {
        s.setString(1, m.id());
        s.setBytes(2, m.hostTokenHash());
        s.setLong(3, m.createdAt());
        s.setLong(4, m.epoch());
        s.setBytes(5, m.groupInfo());
        return s.executeUpdate();
      }
    });
  }

  private static final String MEETING_COLUMNS =
      "SELECT id, host_token_hash, created_at, closed_at, epoch, group_info FROM meeting";

  private static MeetingRecord meeting(ResultSet r) throws SQLException {
    long closed = r.getLong(4);
    Long closedAt = r.wasNull() ? null : closed;
    return new MeetingRecord(r.getString(1), r.getBytes(2), r.getLong(3), closedAt, r.getLong(5), r.getBytes(6));
  }

  @Override
  public Optional<MeetingRecord> findMeeting(String meetingId) {
    return inTransaction("find meeting", c -> {
      try (PreparedStatement s = c.prepareStatement(MEETING_COLUMNS + " WHERE id = ?")) {
        s.setString(1, meetingId);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(meeting(r)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<MeetingRecord> openMeetings() {
    return inTransaction("list open meetings", c -> {
      List<MeetingRecord> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(MEETING_COLUMNS + " WHERE closed_at IS NULL ORDER BY id");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(meeting(r));
        }
      }
      return out;
    });
  }

  @Override
  public void closeMeeting(String meetingId, long closedAt) {
    inTransaction("close meeting", c -> {
      // A closed meeting leaves nothing behind but its id and times (docs/PROTOCOL.md "Closing"):
      // no GroupInfo (the tree names the members), no participants, no proposals.
      for (String sql : List.of("DELETE FROM pending_proposal WHERE meeting_id = ?",
          "DELETE FROM participant WHERE meeting_id = ?", "DELETE FROM added_key_package WHERE meeting_id = ?")) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setString(1, meetingId);
          s.executeUpdate();
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE meeting SET closed_at = COALESCE(closed_at, ?), group_info = NULL WHERE id = ?")) {
        s.setLong(1, closedAt);
        s.setString(2, meetingId);
        return s.executeUpdate();
      }
    });
  }

  @Override
  public void saveGroup(String meetingId, long epoch, byte[] groupInfo) {
    inTransaction("save group", c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE meeting SET epoch = ?, group_info = ? WHERE id = ?")) {
        s.setLong(1, epoch);
        s.setBytes(2, groupInfo);
        s.setString(3, meetingId);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(
          "DELETE FROM pending_proposal WHERE meeting_id = ? AND epoch <> ?")) {
        s.setString(1, meetingId);
        s.setLong(2, epoch);
        return s.executeUpdate();
      }
    });
  }

  @Override
  public void saveParticipant(ParticipantRecord p) {
    inTransaction("save participant", c -> {
      int updated;
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE participant SET resume_token_hash = ?, leaf = ?, joined_at = ?, last_seen_at = ?,"
              + " connected = ?, left_at = ?, admitted = ? WHERE meeting_id = ? AND participant_id = ?")) {
        s.setBytes(1, p.resumeTokenHash());
        setNullableLong(s, 2, p.leaf());
        s.setLong(3, p.joinedAt());
        s.setLong(4, p.lastSeenAt());
        s.setBoolean(5, p.connected());
        setNullableLong(s, 6, p.leftAt());
        s.setBoolean(7, p.admitted());
        s.setString(8, p.meetingId());
        s.setString(9, p.participantId());
        updated = s.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO participant (resume_token_hash, leaf, joined_at, last_seen_at, connected, left_at,"
                + " admitted, meeting_id, participant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          s.setBytes(1, p.resumeTokenHash());
          setNullableLong(s, 2, p.leaf());
          s.setLong(3, p.joinedAt());
          s.setLong(4, p.lastSeenAt());
          s.setBoolean(5, p.connected());
          setNullableLong(s, 6, p.leftAt());
          s.setBoolean(7, p.admitted());
          s.setString(8, p.meetingId());
          s.setString(9, p.participantId());
          updated = s.executeUpdate();
        }
      }
      return updated;
    });
  }

  private static void setNullableLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }

  private static Long nullableLong(ResultSet r, int index) throws SQLException {
    long v = r.getLong(index);
    return r.wasNull() ? null : v;
  }

  @Override
  public List<ParticipantRecord> participants(String meetingId) {
    return inTransaction("list participants", c -> {
      List<ParticipantRecord> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT participant_id, resume_token_hash, leaf, joined_at, last_seen_at, connected, left_at, admitted"
              + " FROM participant WHERE meeting_id = ? ORDER BY joined_at, participant_id")) {
        s.setString(1, meetingId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new ParticipantRecord(meetingId, r.getString(1), r.getBytes(2), nullableLong(r, 3),
                r.getLong(4), r.getLong(5), r.getBoolean(6), nullableLong(r, 7), r.getBoolean(8)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void addKeyPackageRefs(String meetingId, List<String> refs) {
    if (refs.isEmpty()) {
      return;
    }
    inTransaction("add key package refs", c -> {
      int added = 0;
      for (String ref : refs) {
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO added_key_package (meeting_id, ref) SELECT ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM added_key_package WHERE meeting_id = ? AND ref = ?)")) {
          s.setString(1, meetingId);
          s.setString(2, ref);
          s.setString(3, meetingId);
          s.setString(4, ref);
          added += s.executeUpdate();
        }
      }
      return added;
    });
  }

  @Override
  public List<String> keyPackageRefs(String meetingId) {
    return inTransaction("list key package refs", c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT ref FROM added_key_package WHERE meeting_id = ? ORDER BY ref")) {
        s.setString(1, meetingId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(r.getString(1));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void addProposal(ProposalRecord p) {
    inTransaction("add proposal", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO pending_proposal (meeting_id, epoch, seq, sender, message) VALUES (?, ?, ?, ?, ?)")) {
        s.setString(1, p.meetingId());
        s.setLong(2, p.epoch());
        s.setInt(3, p.seq());
        s.setString(4, p.sender());
        s.setBytes(5, p.message());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public List<ProposalRecord> proposals(String meetingId, long epoch) {
    return inTransaction("list proposals", c -> {
      List<ProposalRecord> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT seq, sender, message FROM pending_proposal WHERE meeting_id = ? AND epoch = ? ORDER BY seq")) {
        s.setString(1, meetingId);
        s.setLong(2, epoch);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new ProposalRecord(meetingId, epoch, r.getInt(1), r.getString(2), r.getBytes(3)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public boolean isHealthy() {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT 1");
        ResultSet r = s.executeQuery()) {
      return r.next();
    } catch (SQLException e) {
      return false;
    }
  }
}
