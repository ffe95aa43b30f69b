package io.conclave.server.meeting;

import java.time.Duration;

/**
 * Server-wide meeting limits.
 *
 * @param maxMeetings open meetings per server
 * @param maxParticipants participants per meeting that have not left
 * @param reconnectGrace how long a disconnected member may take to resume before the server
 *     proposes its removal
 */
public record MeetingLimits(int maxMeetings, int maxParticipants, Duration reconnectGrace) {
  public static final MeetingLimits DEFAULT = new MeetingLimits(1000, 100, Duration.ofSeconds(30));

  public MeetingLimits {
    if (maxMeetings < 1 || maxParticipants < 1 || reconnectGrace.isNegative()) {
      throw new IllegalArgumentException("invalid meeting limits");
    }
  }
}
