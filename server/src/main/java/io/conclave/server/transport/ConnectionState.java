package io.conclave.server.transport;

import io.conclave.protocol.control.CloseCode;
import io.conclave.server.meeting.Session;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Per-connection state shared by the I/O-side {@link WebSocketFrameHandler} and the
 * delivery-service-side {@link ControlMessageHandler}.
 */
final class ConnectionState {
  static final AttributeKey<ConnectionState> KEY = AttributeKey.valueOf(ConnectionState.class, "state");

  final CloseHandshake handshake = new CloseHandshake();
  final TokenBucket controlRate;
  final TokenBucket mediaRate;
  /** Set when a first control message arrived; read by the hello timeout. I/O thread only. */
  boolean greeted;
  /** Set once hello succeeded; read by the I/O thread to forward media. */
  volatile Session session;

  ConnectionState(RateLimit control, RateLimit media, long nowNanos) {
    this.controlRate = new TokenBucket(control, nowNanos);
    this.mediaRate = new TokenBucket(media, nowNanos);
  }

  static ConnectionState of(Channel channel) {
    return channel.attr(KEY).get();
  }

  /** Sends one close frame with {@code code} and closes the channel; later calls do nothing. */
  void close(Channel channel, CloseCode code) {
    WebSocketPeer.close(channel, code, handshake);
  }
}
