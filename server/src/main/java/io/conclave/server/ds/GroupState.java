package io.conclave.server.ds;

import io.conclave.server.store.MeetingRecord;
import io.conclave.server.store.ParticipantRecord;
import io.conclave.server.store.ProposalRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery-service state of one meeting's MLS group: epoch, latest GroupInfo, participants
 * with their leaves, pending proposals and join requests. Every access holds this object's lock
 * ({@code synchronized (state)}); that lock orders all handshake traffic of the meeting.
 */
public final class GroupState {
  /** A pending proposal of the current epoch. */
  record Pending(String from, byte[] message) {}

  private final String meetingId;
  private final byte[] groupId;
  long epoch;
  byte[] groupInfo;
  final Map<String, ParticipantState> participants = new LinkedHashMap<>();
  final List<Pending> proposals = new ArrayList<>();
  final Map<String, byte[]> joinRequests = new LinkedHashMap<>();
  private Runnable rosterListener = () -> { };

  /** A new meeting: group not registered yet. */
  public GroupState(String meetingId) {
    this.meetingId = meetingId;
    this.groupId = groupIdOf(meetingId);
    this.epoch = -1;
  }

  /** The group id of a meeting's MLS group: the meeting id's ASCII bytes. */
  public static byte[] groupIdOf(String meetingId) {
    return meetingId.getBytes(StandardCharsets.US_ASCII);
  }

  /** State as persisted, after a restart: every participant starts disconnected. */
  public static GroupState restore(MeetingRecord meeting, List<ParticipantRecord> participants,
      List<ProposalRecord> proposals) {
    GroupState g = new GroupState(meeting.id());
    g.epoch = meeting.epoch();
    g.groupInfo = meeting.groupInfo();
    participants.forEach(p -> g.participants.put(p.participantId(), ParticipantState.fromRecord(p)));
    proposals.forEach(p -> g.proposals.add(new Pending(p.sender(), p.message())));
    return g;
  }

  public String meetingId() {
    return meetingId;
  }

  byte[] groupId() {
    return groupId.clone();
  }

  public long epoch() {
    return epoch;
  }

  public Optional<byte[]> groupInfo() {
    return Optional.ofNullable(groupInfo).map(byte[]::clone);
  }

  public Optional<ParticipantState> participant(String id) {
    return Optional.ofNullable(participants.get(id));
  }

  public Collection<ParticipantState> participants() {
    return participants.values();
  }

  public void add(ParticipantState participant) {
    participants.put(participant.id(), participant);
  }

  /**
   * {@code listener} runs under this state's lock whenever participants gain or lose a leaf or
   * leave: after the change, before the delivery service tells anyone of it.
   */
  public void onRosterChange(Runnable listener) {
    rosterListener = listener;
  }

  void rosterChanged() {
    rosterListener.run();
  }

  /** The participant holding {@code leaf}, if any (one that left keeps it until a commit removes it). */
  public Optional<ParticipantState> holderOf(long leaf) {
    return participants.values().stream().filter(p -> p.leaf != null && p.leaf == leaf).findFirst();
  }

  public long connectedCount() {
    return participants.values().stream().filter(ParticipantState::connected).count();
  }

  /** Participants that are connected or may still come back (not left). */
  public long presentCount() {
    return participants.values().stream().filter(p -> !p.hasLeft()).count();
  }
}
