package io.conclave.server.transport;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.server.ds.Violation;
import io.conclave.server.meeting.MeetingService;
import io.conclave.server.meeting.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery-service side of a WebSocket session. It runs on a separate executor group (ordered
 * per channel) so that database writes never block an event loop: the first message must be
 * {@code hello}; later ones go to the {@link MeetingService}. On close the participant's reconnect
 * grace period starts.
 */
final class ControlMessageHandler extends SimpleChannelInboundHandler<ClientMessage> {
  private static final Logger log = LoggerFactory.getLogger(ControlMessageHandler.class);

  private final MeetingService meetings;
  private final ControlCodec codec;

  ControlMessageHandler(MeetingService meetings, ControlCodec codec) {
    this.meetings = meetings;
    this.codec = codec;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ClientMessage message) {
    ConnectionState state = ConnectionState.of(ctx.channel());
    if (state.handshake.closedByServer()) {
      return;
    }
    try {
      Session session = state.session;
      if (session != null) {
        meetings.handle(session, message);
      } else if (message instanceof ClientMessage.Hello hello) {
        meetings.hello(hello, id -> new WebSocketPeer(ctx.channel(), codec, id, state.handshake),
            admitted -> state.session = admitted);
      } else {
        throw new Violation(CloseCode.OUT_OF_ORDER, "hello must come first");
      }
    } catch (Violation v) {
      log.info("closing connection {}: {} ({})", ctx.channel().id().asShortText(), v.code().code(), v.getMessage());
      state.close(ctx.channel(), v.code());
    } catch (RuntimeException e) {
      log.error("connection {}: {} failed", ctx.channel().id().asShortText(), message.getClass().getSimpleName(), e);
      state.close(ctx.channel(), CloseCode.SERVER_ERROR);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ConnectionState state = ConnectionState.of(ctx.channel());
    Session session = state == null ? null : state.session;
    if (session != null) {
      try {
        meetings.disconnected(session);
      } catch (RuntimeException e) {
        log.error("connection {}: disconnect handling failed", ctx.channel().id().asShortText(), e);
      }
    }
    ctx.fireChannelInactive();
  }
}
