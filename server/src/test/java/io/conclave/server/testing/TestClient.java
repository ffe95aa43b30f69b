package io.conclave.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.control.ServerMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A scripted WebSocket client on Netty: sends control messages and media frames, records what arrives. */
public final class TestClient implements AutoCloseable {
  private static final EventLoopGroup GROUP =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private static final ControlCodec CODEC = new ControlCodec(8 << 20);
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Close code seen, or -1 when the connection closed without a close frame. */
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final BlockingQueue<ServerMessage> control = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> media = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private Channel channel;

  /** Connects to ws://127.0.0.1:port/ws (or wss with {@code tls}, trusting any certificate). */
  public static TestClient connect(int port, boolean tls, int receiveBuffer) throws Exception {
    TestClient client = new TestClient();
    SslContext ssl = tls ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build() : null;
    URI uri = URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + port + "/ws");
    Bootstrap b = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (ssl != null) {
              ch.pipeline().addLast(ssl.newHandler(ch.alloc(), "127.0.0.1", port));
            }
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(uri).handleCloseFrames(false).maxFramePayloadLength(8 << 20).build()),
                new WebSocketFrameAggregator(8 << 20), client.new Receiver());
          }
        });
    if (receiveBuffer > 0) {
      b.option(ChannelOption.SO_RCVBUF, receiveBuffer);
    }
    client.channel = b.connect("127.0.0.1", port).sync().channel();
    client.handshake.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return client;
  }

  public static TestClient connect(int port) throws Exception {
    return connect(port, false, 0);
  }

  private final class Receiver extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        handshake.complete(null);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      switch (frame) {
        case TextWebSocketFrame t -> control.add(CODEC.decodeServer(ByteBufUtil.getBytes(t.content())));
        case BinaryWebSocketFrame b -> media.add(ByteBufUtil.getBytes(b.content()));
        case CloseWebSocketFrame c -> closed.complete(c.statusCode());
        default -> { }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closed.complete(-1);
      handshake.completeExceptionally(new IllegalStateException("closed before the handshake"));
      ctx.fireChannelInactive();
    }
  }

  public void send(ClientMessage message) {
    sendText(new String(CODEC.encode(message), StandardCharsets.UTF_8));
  }

  public void sendText(String json) {
    channel.writeAndFlush(new TextWebSocketFrame(json));
  }

  /** Sends {@code message} with the closing handshake's close frame right behind it, in one write. */
  public void sendAndClose(ClientMessage message) {
    channel.write(new TextWebSocketFrame(new String(CODEC.encode(message), StandardCharsets.UTF_8)));
    channel.writeAndFlush(new CloseWebSocketFrame(1000, "left"));
  }

  public void sendMedia(byte[] frame) {
    channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
  }

  /** Stops or resumes reading from the socket: a stopped client is a slow receiver. */
  public void setAutoRead(boolean autoRead) {
    channel.config().setAutoRead(autoRead);
  }

  /** The next control message, which must be a {@code type}. */
  public <T extends ServerMessage> T expect(Class<T> type) throws InterruptedException {
    ServerMessage m = control.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(m).as("next control message").isInstanceOf(type);
    return type.cast(m);
  }

  /** The next control message of {@code type}, skipping others. */
  public <T extends ServerMessage> T awaitMessage(Class<T> type) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ServerMessage m = control.poll(100, TimeUnit.MILLISECONDS);
      if (type.isInstance(m)) {
        return type.cast(m);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
  }

  /** The next control message within {@code wait}, or null. */
  public ServerMessage poll(Duration wait) throws InterruptedException {
    return control.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public byte[] nextMedia(Duration wait) throws InterruptedException {
    return media.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public byte[] nextMedia() throws InterruptedException {
    return nextMedia(WAIT);
  }

  public int mediaCount() {
    return media.size();
  }

  public int awaitClose() throws Exception {
    return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isOpen() {
    return channel.isActive() && !closed.isDone();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
