package io.conclave.server.transport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who started the WebSocket closing handshake of one connection (RFC 6455 §7.1.2), if anyone. Each
 * side sends one close frame. When the server starts (a violation, the meeting closed), whatever
 * the client sends afterwards is ignored. When the client starts, the messages it sent before its
 * close frame still count: a {@code bye} or a last chat message read just before it must not be
 * lost because the close frame is handled on the I/O thread while control messages wait for the
 * delivery-service executor.
 */
final class CloseHandshake {
  private static final int OPEN = 0;
  private static final int BY_SERVER = 1;
  private static final int BY_CLIENT = 2;

  private final AtomicInteger state = new AtomicInteger(OPEN);

  /** True if this call starts the handshake from the server's side: send the close frame. */
  boolean serverStarts() {
    return state.compareAndSet(OPEN, BY_SERVER);
  }

  /**
   * The client's close frame arrived: true if it starts the handshake (answer it), false if it
   * answers the server's close frame (the connection can end now).
   */
  boolean clientStarts() {
    return state.compareAndSet(OPEN, BY_CLIENT);
  }

  /** Neither side has sent a close frame yet. */
  boolean isOpen() {
    return state.get() == OPEN;
  }

  /** The server closed this connection: messages read from now on are ignored. */
  boolean closedByServer() {
    return state.get() == BY_SERVER;
  }
}
