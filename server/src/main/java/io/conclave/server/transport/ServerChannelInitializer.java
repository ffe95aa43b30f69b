package io.conclave.server.transport;

import io.conclave.protocol.control.ControlCodec;
import io.conclave.server.ServerConfig;
import io.conclave.server.ds.ExternalSenderKey;
import io.conclave.server.meeting.MeetingService;
import io.conclave.server.metrics.ServerMetrics;
import io.conclave.server.store.MeetingStore;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.function.Supplier;

/**
 * The one pipeline of the server's port:
 *
 * <pre>
 * [TLS] → HTTP codec → aggregator (max request size) → HttpApiHandler (client info, API, health, files)
 *       → WebSocket handshake at /ws → frame aggregator → WebSocketFrameHandler (limits, media)
 *       → ControlMessageHandler (delivery service, on its own executor group)
 * </pre>
 */
public final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
  /** Shared by every connection: the creation token and the per-address creation rate. */
  private final CreationGuard creation;
  private final ServerConfig config;
  private final Supplier<SslContext> ssl;
  private final ControlCodec codec;
  private final MeetingService meetings;
  private final MeetingStore store;
  private final ExternalSenderKey serverKey;
  private final ServerMetrics metrics;
  private final StaticFiles files;
  private final EventExecutorGroup dsExecutor;
  private final ChannelGroup connections;
  private final ForwardedHeaders forwarded;

  /**
   * @param ssl null for plain HTTP; else asked for the current context on every new connection
   *     (certificates reload on renewal: {@link ReloadingTls})
   * @param connections every accepted channel is added, so that shutdown can close them
   */
  public ServerChannelInitializer(ServerConfig config, Supplier<SslContext> ssl, MeetingService meetings, MeetingStore store,
      ExternalSenderKey serverKey, ServerMetrics metrics, EventExecutorGroup dsExecutor, ChannelGroup connections) {
    this.config = config;
    this.ssl = ssl;
    this.codec = new ControlCodec(config.maxControlBytes);
    this.meetings = meetings;
    this.store = store;
    this.serverKey = serverKey;
    this.metrics = metrics;
    this.files = new StaticFiles(config.webRoot);
    this.dsExecutor = dsExecutor;
    this.connections = connections;
    this.forwarded = new ForwardedHeaders(config.trustedProxies);
    this.creation = new CreationGuard(config.creationToken, config.creationRate, System::nanoTime);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    connections.add(ch);
    ChannelPipeline p = ch.pipeline();
    if (ssl != null) {
      p.addLast("tls", ssl.get().newHandler(ch.alloc()));
    }
    p.addLast("http", new HttpServerCodec());
    p.addLast("http-aggregator", new HttpObjectAggregator(config.maxRequestBytes));
    p.addLast(dsExecutor, "api", new HttpApiHandler(meetings, store, serverKey, files, ssl != null, forwarded,
        new OriginPolicy(config.allowedOrigins), creation));
    p.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(HttpApiHandler.WEBSOCKET_PATH)
        .checkStartsWith(false)
        .handshakeTimeoutMillis(config.helloTimeout.toMillis())
        // Client close frames go to WebSocketFrameHandler, which answers only if the server has not closed first.
        .handleCloseFrames(false)
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(config.maxControlBytes)
            .allowExtensions(false)
            .build())
        .build()));
    p.addLast("websocket-aggregator", new WebSocketFrameAggregator(config.maxControlBytes));
    p.addLast("frames", new WebSocketFrameHandler(codec, config.maxMediaFrameBytes, config.controlRate,
        config.mediaRate, config.helloTimeout));
    p.addLast(dsExecutor, "control", new ControlMessageHandler(meetings, codec));
    ch.closeFuture().addListener(f -> metrics.connectionClosed());
  }
}
