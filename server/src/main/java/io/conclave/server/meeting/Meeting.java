package io.conclave.server.meeting;

import io.conclave.server.ds.GroupState;
import io.conclave.server.media.ForwardingGroup;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * A live meeting: its delivery-service state (whose lock guards everything here), its media
 * forwarding group, and the grace timers of disconnected members.
 */
final class Meeting {
  final GroupState group;
  final ForwardingGroup media;
  final byte[] hostTokenHash;
  final Map<String, ScheduledFuture<?>> graceTimers = new HashMap<>();
  boolean closed;

  Meeting(GroupState group, ForwardingGroup media, byte[] hostTokenHash) {
    this.group = group;
    this.media = media;
    this.hostTokenHash = hostTokenHash.clone();
  }

  String id() {
    return group.meetingId();
  }
}
