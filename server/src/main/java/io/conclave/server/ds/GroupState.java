package io.conclave.server.ds;

import io.conclave.mls.MlsException;
import io.conclave.mls.group.PublicGroup;
import io.conclave.server.store.MeetingRecord;
import io.conclave.server.store.ParticipantRecord;
import io.conclave.server.store.ProposalRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery-service state of one meeting's MLS group: epoch, latest GroupInfo, the public view
 * of the group that commits are verified against, participants with their leaves, pending
 * proposals and join requests. Every access holds this object's lock ({@code synchronized
 * (state)}); that lock orders all handshake traffic of the meeting.
 */
public final class GroupState {
  private static final Logger log = LoggerFactory.getLogger(GroupState.class);

  /** How many KeyPackages of participants that left before being added are still recognised. */
  static final int MAX_DEPARTED_JOIN_REQUESTS = 100;

  /** A pending proposal of the current epoch. */
  record Pending(String from, byte[] message) {}

  /**
   * A join request: the {@code MLSMessage} as the joiner sent it, and the TLS encoding of its
   * KeyPackage, which a commit's Add must carry byte for byte.
   */
  record JoinRequest(byte[] message, byte[] keyPackage) {}

  private final String meetingId;
  private final byte[] groupId;
  long epoch;
  byte[] groupInfo;
  /** The group as the relay verified it; null before registration (or if a restore failed). */
  PublicGroup publicGroup;
  final Map<String, ParticipantState> participants = new LinkedHashMap<>();
  final List<Pending> proposals = new ArrayList<>();
  final Map<String, JoinRequest> joinRequests = new LinkedHashMap<>();
  /**
   * KeyPackageRefs (hex) of every KeyPackage added to the meeting's group: an Add of one of them
   * again is not admitted (docs/PROTOCOL.md, "Admission decisions", "seen"). Stored, so a restart
   * forgets none.
   */
  final Set<String> addedKeyPackages = new HashSet<>();
  /**
   * Join requests of participants that left before a member added them: a commit already on its way
   * may still add them (they then get a leaf and the relay proposes their removal at once).
   */
  final Map<String, JoinRequest> departedJoinRequests = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JoinRequest> eldest) {
      return size() > MAX_DEPARTED_JOIN_REQUESTS;
    }
  };
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

  /**
   * State as persisted, after a restart: every participant starts disconnected. The public view of
   * the group is rebuilt from the stored GroupInfo and the stored proposals are verified into it
   * again; one that no longer verifies is dropped.
   */
  public static GroupState restore(MeetingRecord meeting, List<ParticipantRecord> participants,
      List<ProposalRecord> proposals, List<String> keyPackageRefs) {
    GroupState g = new GroupState(meeting.id());
    g.addedKeyPackages.addAll(keyPackageRefs);
    g.epoch = meeting.epoch();
    g.groupInfo = meeting.groupInfo();
    participants.forEach(p -> g.participants.put(p.participantId(), ParticipantState.fromRecord(p)));
    if (g.groupInfo != null) {
      try {
        g.publicGroup = DeliveryService.followGroup(MlsEnvelope.parse(g.groupInfo, "stored groupInfo").message());
      } catch (MlsException | Violation e) {
        log.error("meeting {}: stored GroupInfo of epoch {} does not verify: commits will be refused ({})",
            meeting.id(), g.epoch, e.getMessage());
      }
    }
    for (ProposalRecord p : proposals) {
      try {
        if (g.publicGroup != null) {
          g.publicGroup.storeProposal(MlsEnvelope.parse(p.message(), "stored proposal").message());
        }
        g.proposals.add(new Pending(p.sender(), p.message()));
      } catch (MlsException | Violation e) {
        log.warn("meeting {}: stored proposal {} of epoch {} dropped: {}", meeting.id(), p.seq(), p.epoch(),
            e.getMessage());
      }
    }
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

  /** Participants holding a leaf that have not left (connected or within their grace period). */
  public long memberCount() {
    return participants.values().stream().filter(p -> p.leaf != null && !p.hasLeft()).count();
  }

  /** Members connected now. */
  public long onlineMemberCount() {
    return participants.values().stream().filter(p -> p.leaf != null && !p.hasLeft() && p.connected).count();
  }

  /** Participants that are connected or may still come back (not left). */
  public long presentCount() {
    return participants.values().stream().filter(p -> !p.hasLeft()).count();
  }
}
