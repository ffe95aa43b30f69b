package io.conclave.server.store;

import java.util.List;
import java.util.Optional;

/**
 * What the server persists (DESIGN.md, "What the server stores"): meetings, the delivery-service
 * state of each (epoch, latest GroupInfo, pending proposals), participants with their leaf and
 * connection metadata, and the server's signing key. Never a meeting key, never plaintext.
 * Implementations are thread-safe; every call is one short transaction.
 */
public interface MeetingStore {

  /** Stores the key unless one exists; returns the key that is stored afterwards. */
  ServerKeyRecord saveServerKeyIfAbsent(ServerKeyRecord key);

  void createMeeting(MeetingRecord meeting);

  Optional<MeetingRecord> findMeeting(String meetingId);

  List<MeetingRecord> openMeetings();

  void closeMeeting(String meetingId, long closedAt);

  /** The group moved to {@code epoch}: keep its GroupInfo, forget older proposals. */
  void saveGroup(String meetingId, long epoch, byte[] groupInfo);

  void saveParticipant(ParticipantRecord participant);

  List<ParticipantRecord> participants(String meetingId);

  void addProposal(ProposalRecord proposal);

  List<ProposalRecord> proposals(String meetingId, long epoch);

  /** Records KeyPackageRefs (hex) added to the meeting's group; ones already recorded are kept once. */
  void addKeyPackageRefs(String meetingId, List<String> refs);

  /** Every KeyPackageRef recorded for the meeting until it closed. */
  List<String> keyPackageRefs(String meetingId);

  /** True if the database answers a trivial query. */
  boolean isHealthy();
}
