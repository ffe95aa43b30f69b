package io.conclave.server.meeting;

import io.conclave.server.ds.GroupState;
import io.conclave.server.ds.ParticipantState;
import io.conclave.server.media.ForwardingGroup;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * A live meeting: its delivery-service state (whose lock guards everything here), its media
 * forwarding group, and the grace timers of disconnected members. Media flows among members only:
 * the forwarding group follows the roster, changed before anyone is told of the change, so that a
 * frame sent after a {@code welcome} or {@code commit_accepted} already follows the new roster.
 */
final class Meeting {
  final GroupState group;
  final ForwardingGroup media;
  final byte[] hostTokenHash;
  final Map<String, ScheduledFuture<?>> graceTimers = new HashMap<>();
  /** Participants that have not become members yet: their lobby time runs out. */
  final Map<String, ScheduledFuture<?>> lobbyTimers = new HashMap<>();
  /** Runs while nobody is in the meeting; null otherwise. */
  ScheduledFuture<?> idleTimer;
  boolean closed;

  Meeting(GroupState group, ForwardingGroup media, byte[] hostTokenHash) {
    this.group = group;
    this.media = media;
    this.hostTokenHash = hostTokenHash.clone();
    syncMedia();
    group.onRosterChange(this::syncMedia);
  }

  /** Members are the participants holding a leaf that have not left. */
  private void syncMedia() {
    for (ParticipantState p : group.participants()) {
      media.setMember(p.id(), p.leaf() != null && !p.hasLeft());
    }
  }

  String id() {
    return group.meetingId();
  }
}
