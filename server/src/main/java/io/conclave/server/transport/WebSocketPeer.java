package io.conclave.server.transport;

import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.media.MediaEndpoint;
import io.conclave.server.routing.Connection;
import io.conclave.sframe.media.Track;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A participant's WebSocket: its control {@link Connection} and its {@link MediaEndpoint}. Keyframe
 * requests to this participant are sent at most once per {@link #KEYFRAME_REQUEST_INTERVAL_NANOS}
 * per track, however many receivers skipped its video.
 */
final class WebSocketPeer implements Connection, MediaEndpoint {
  static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 250_000_000L;
  static final long CLOSE_TIMEOUT_MILLIS = 2_000;

  private final Channel channel;
  private final ControlCodec codec;
  private final String participantId;
  private final CloseHandshake handshake;
  private final AtomicLongArray lastKeyframeRequest = new AtomicLongArray(3);

  /** @param handshake the channel's closing handshake, so that only one close frame is sent */
  WebSocketPeer(Channel channel, ControlCodec codec, String participantId, CloseHandshake handshake) {
    this.channel = channel;
    this.handshake = handshake;
    this.codec = codec;
    this.participantId = participantId;
    for (int i = 0; i < 3; i++) {
      lastKeyframeRequest.set(i, System.nanoTime() - KEYFRAME_REQUEST_INTERVAL_NANOS);
    }
  }

  @Override
  public void send(ServerMessage message) {
    channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(codec.encode(message))));
  }

  @Override
  public void close(CloseCode code) {
    close(channel, code, handshake);
  }

  /**
   * Starts the closing handshake (RFC 6455 §7.1.2): the close frame goes out, frames that still
   * arrive are discarded, and the channel closes when the client answers or after
   * {@link #CLOSE_TIMEOUT_MILLIS}. Closing at once would reset a connection with unread data and
   * the client could lose the close frame and its code.
   */
  static void close(Channel channel, CloseCode code, CloseHandshake handshake) {
    if (handshake.serverStarts()) {
      channel.writeAndFlush(new CloseWebSocketFrame(code.code(), code.reason())).addListener(f -> {
        if (f.isSuccess()) {
          channel.eventLoop().schedule(() -> channel.close(), CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } else {
          channel.close();
        }
      });
    }
  }

  @Override
  public String id() {
    return participantId;
  }

  @Override
  public EventExecutor executor() {
    return channel.eventLoop();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void write(ByteBuf frame) {
    channel.write(new BinaryWebSocketFrame(frame), channel.voidPromise());
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public void requestKeyframe(Track track) {
    long now = System.nanoTime();
    long last = lastKeyframeRequest.get(track.code());
    if (now - last >= KEYFRAME_REQUEST_INTERVAL_NANOS
        && lastKeyframeRequest.compareAndSet(track.code(), last, now)) {
      send(new ServerMessage.KeyframeRequest(track.code()));
    }
  }
}
