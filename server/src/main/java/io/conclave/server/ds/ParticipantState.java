package io.conclave.server.ds;

import io.conclave.server.store.ParticipantRecord;

/**
 * One participant of a meeting as the delivery service tracks it. Mutable; guarded by the lock of
 * its {@link GroupState}.
 */
public final class ParticipantState {
  private final String id;
  private final byte[] resumeTokenHash;
  private final long joinedAt;
  long lastSeenAt;
  boolean connected;
  Long leftAt;
  Long leaf;
  /** Whether its leaf was admitted (proof, host, creator): only hosts remove it by value. */
  boolean admitted = true;

  public ParticipantState(String id, byte[] resumeTokenHash, long joinedAt) {
    this.id = id;
    this.resumeTokenHash = resumeTokenHash.clone();
    this.joinedAt = joinedAt;
    this.lastSeenAt = joinedAt;
  }

  static ParticipantState fromRecord(ParticipantRecord r) {
    ParticipantState p = new ParticipantState(r.participantId(), r.resumeTokenHash(), r.joinedAt());
    p.lastSeenAt = r.lastSeenAt();
    p.connected = false;
    p.leftAt = r.leftAt();
    p.leaf = r.leaf();
    p.admitted = r.admitted();
    return p;
  }

  ParticipantRecord toRecord(String meetingId) {
    return new ParticipantRecord(meetingId, id, resumeTokenHash, leaf, joinedAt, lastSeenAt, connected, leftAt,
        admitted);
  }

  public String id() {
    return id;
  }

  public byte[] resumeTokenHash() {
    return resumeTokenHash.clone();
  }

  /** The MLS leaf index reported for this participant, or null while it is not a member. */
  public Long leaf() {
    return leaf;
  }

  public boolean connected() {
    return connected;
  }

  public boolean hasLeft() {
    return leftAt != null;
  }
}
