package io.conclave.server.routing;

import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;
import java.util.Optional;

/**
 * Delivers control messages to the participants of a meeting, wherever their connection lives.
 * {@link LocalRouter} knows the connections of this process; a Redis-backed router can place
 * meetings on several nodes behind the same interface. It knows nothing of media.
 */
public interface ParticipantRouter {

  /** Attaches {@code connection} to a participant; returns the connection it replaces, if any. */
  Optional<Connection> attach(String meetingId, String participantId, Connection connection);

  /** Detaches {@code connection} if it is still the participant's; returns whether it was. */
  boolean detach(String meetingId, String participantId, Connection connection);

  boolean isConnected(String meetingId, String participantId);

  /** Sends to a participant; false if it has no connection. */
  boolean send(String meetingId, String participantId, ServerMessage message);

  /** Closes one participant's connection, if it has one, and forgets it. */
  void close(String meetingId, String participantId, CloseCode code);

  /** Closes every connection of a meeting and forgets them. */
  void closeAll(String meetingId, CloseCode code);

  /** Connections attached, over all meetings. */
  int connections();
}
