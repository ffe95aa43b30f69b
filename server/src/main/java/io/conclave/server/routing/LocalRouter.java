package io.conclave.server.routing;

import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ParticipantRouter} for one process: meeting id to participant id to connection. */
public final class LocalRouter implements ParticipantRouter {
  private final Map<String, Map<String, Connection>> meetings = new ConcurrentHashMap<>();

  @Override
  public Optional<Connection> attach(String meetingId, String participantId, Connection connection) {
    return Optional.ofNullable(
        meetings.computeIfAbsent(meetingId, k -> new ConcurrentHashMap<>()).put(participantId, connection));
  }

  @Override
  public boolean detach(String meetingId, String participantId, Connection connection) {
    Map<String, Connection> participants = meetings.get(meetingId);
    return participants != null && participants.remove(participantId, connection);
  }

  @Override
  public boolean isConnected(String meetingId, String participantId) {
    Map<String, Connection> participants = meetings.get(meetingId);
    return participants != null && participants.containsKey(participantId);
  }

  @Override
  public boolean send(String meetingId, String participantId, ServerMessage message) {
    Map<String, Connection> participants = meetings.get(meetingId);
    Connection c = participants == null ? null : participants.get(participantId);
    if (c == null) {
      return false;
    }
    c.send(message);
    return true;
  }

  @Override
  public void close(String meetingId, String participantId, CloseCode code) {
    Map<String, Connection> participants = meetings.get(meetingId);
    Connection c = participants == null ? null : participants.remove(participantId);
    if (c != null) {
      c.close(code);
    }
  }

  @Override
  public void closeAll(String meetingId, CloseCode code) {
    Map<String, Connection> participants = meetings.remove(meetingId);
    if (participants != null) {
      participants.values().forEach(c -> c.close(code));
    }
  }

  @Override
  public int connections() {
    return meetings.values().stream().mapToInt(Map::size).sum();
  }
}
