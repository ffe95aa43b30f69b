package io.conclave.server.routing;

import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;

/** A participant's control connection. Methods may be called from any thread. */
public interface Connection {

  /** Sends one control message; messages sent from one thread arrive in order. */
  void send(ServerMessage message);

  /** Closes the connection with a documented close code. */
  void close(CloseCode code);
}
