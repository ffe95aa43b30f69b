package io.conclave.server.transport;

import io.conclave.protocol.MalformedMessageException;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.media.MediaFrames;
import io.conclave.server.meeting.Session;
import io.conclave.sframe.media.MediaFrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O side of a WebSocket session (docs/PROTOCOL.md): enforces the rate and size limits,
 * forwards binary media frames straight to the meeting's forwarding group on this event loop, and
 * decodes text frames into {@link ClientMessage}s for the {@link ControlMessageHandler}. A
 * violation closes this connection only, with its documented close code.
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);

  private final ControlCodec codec;
  private final int maxMediaFrameBytes;
  private final RateLimit controlRate;
  private final RateLimit mediaRate;
  private final Duration helloTimeout;

  WebSocketFrameHandler(ControlCodec codec, int maxMediaFrameBytes, RateLimit controlRate, RateLimit mediaRate,
      Duration helloTimeout) {
    this.codec = codec;
    this.maxMediaFrameBytes = maxMediaFrameBytes;
    this.controlRate = controlRate;
    this.mediaRate = mediaRate;
    this.helloTimeout = helloTimeout;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      ConnectionState state = new ConnectionState(controlRate, mediaRate, System.nanoTime());
      ctx.channel().attr(ConnectionState.KEY).set(state);
      // Frames must not pass through the HTTP handler (it runs on another executor).
      if (ctx.pipeline().get(HttpApiHandler.class) != null) {
        ctx.pipeline().remove(HttpApiHandler.class);
      }
      ctx.executor().schedule(() -> {
        if (!state.greeted) {
          state.close(ctx.channel(), CloseCode.HELLO_TIMEOUT);
        }
      }, helloTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ConnectionState state = ConnectionState.of(ctx.channel());
    if (msg instanceof CloseWebSocketFrame close) {
      closeFrame(ctx, state, close);
      return;
    }
    if (state == null || !(msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!state.handshake.isOpen()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof TextWebSocketFrame text) {
      try {
        control(ctx, state, text.content());
      } finally {
        text.release();
      }
    } else {
      media(ctx, state, (BinaryWebSocketFrame) msg);
    }
  }

  /**
   * The client's close frame (RFC 6455 §5.5.1): each side sends one. If this side already sent its
   * own, the client's is the answer and the connection ends; otherwise it is answered with the
   * client's code first. Netty's own handling would answer in both cases, and a second close frame
   * makes browsers drop the first one's code (they report 1006).
   */
  private static void closeFrame(ChannelHandlerContext ctx, ConnectionState state, CloseWebSocketFrame close) {
    try {
      if (state != null && !state.handshake.clientStarts()) {
        ctx.close();
      } else {
        CloseWebSocketFrame answer = close.statusCode() < 0 ? new CloseWebSocketFrame()
            : new CloseWebSocketFrame(close.statusCode(), close.reasonText());
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
      }
    } finally {
      close.release();
    }
  }

  private void control(ChannelHandlerContext ctx, ConnectionState state, ByteBuf content) {
    if (!state.controlRate.tryTake(System.nanoTime())) {
      fail(ctx, state, CloseCode.RATE_LIMITED, "control rate");
      return;
    }
    if (content.readableBytes() > codec.maxMessageBytes()) {
      fail(ctx, state, CloseCode.TOO_LARGE, content.readableBytes() + "-byte control message");
      return;
    }
    ClientMessage message;
    try {
      message = codec.decodeClient(ByteBufUtil.getBytes(content));
    } catch (MalformedMessageException e) {
      fail(ctx, state, CloseCode.MALFORMED, e.getMessage());
      return;
    }
    state.greeted = true;
    ctx.fireChannelRead(message);
  }

  private void media(ChannelHandlerContext ctx, ConnectionState state, BinaryWebSocketFrame frame) {
    boolean forwarded = false;
    try {
      ByteBuf content = frame.content();
      if (!state.mediaRate.tryTake(System.nanoTime())) {
        fail(ctx, state, CloseCode.RATE_LIMITED, "media rate");
        return;
      }
      int length = content.readableBytes();
      if (length > maxMediaFrameBytes) {
        fail(ctx, state, CloseCode.TOO_LARGE, length + "-byte media frame");
        return;
      }
      Session session = state.session;
      if (session == null) {
        fail(ctx, state, CloseCode.OUT_OF_ORDER, "media before ready");
        return;
      }
      byte[] header = new byte[MediaFrames.HEADER_LENGTH];
      content.getBytes(content.readerIndex(), header, 0, Math.min(header.length, length));
      MediaFrameHeader parsed;
      try {
        parsed = MediaFrames.readHeader(header, length, maxMediaFrameBytes);
      } catch (MalformedMessageException e) {
        fail(ctx, state, CloseCode.MALFORMED, e.getMessage());
        return;
      }
      forwarded = true;
      session.forward(parsed, content);
    } finally {
      if (!forwarded) {
        frame.release();
      }
    }
  }

  private static void fail(ChannelHandlerContext ctx, ConnectionState state, CloseCode code, String detail) {
    log.info("closing connection {}: {} ({})", ctx.channel().id().asShortText(), code.code(), detail);
    state.close(ctx.channel(), code);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ConnectionState state = ConnectionState.of(ctx.channel());
    Session session = state == null ? null : state.session;
    if (session != null && ctx.channel().isWritable()) {
      session.receiverQueue().drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("connection {} failed: {}", ctx.channel().id().asShortText(), cause.toString());
    ConnectionState state = ConnectionState.of(ctx.channel());
    if (state != null) {
      state.close(ctx.channel(), closeCodeFor(cause));
    } else {
      ctx.close();
    }
  }

  /**
   * The close code for a failure in the pipeline: a message over the size limit (a single frame or
   * aggregated fragments) is the client's fault and gets 4413, a malformed WebSocket frame 4400;
   * anything else is the server's.
   */
  static CloseCode closeCodeFor(Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      return CloseCode.TOO_LARGE;
    }
    if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      return corrupted.closeStatus() != null
          && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()
          ? CloseCode.TOO_LARGE
          : CloseCode.MALFORMED;
    }
    return CloseCode.SERVER_ERROR;
  }
}
