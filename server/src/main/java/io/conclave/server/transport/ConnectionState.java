package io.conclave.server.transport;

import io.conclave.protocol.control.CloseCode;
import io.conclave.server.meeting.Session;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-connection state shared by the I/O-side {@link WebSocketFrameHandler} and the
 * delivery-service-side {@link ControlMessageHandler}.
 */
final class ConnectionState {
  static final AttributeKey<ConnectionState> KEY = AttributeKey.valueOf(ConnectionState.class, "state");

  final AtomicBoolean closing = new AtomicBoolean();
  final TokenBucket controlRate;
  final TokenBucket mediaRate;
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
    WebSocketPeer.close(channel, code, closing);
  }
}
