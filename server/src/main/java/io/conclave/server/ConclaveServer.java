package io.conclave.server;

import io.conclave.server.ds.DeliveryService;
import io.conclave.server.ds.ExternalSenderKey;
import io.conclave.server.meeting.MeetingService;
import io.conclave.server.metrics.MetricsListener;
import io.conclave.server.metrics.ServerMetrics;
import io.conclave.server.routing.LocalRouter;
import io.conclave.server.store.Database;
import io.conclave.server.store.JdbcMeetingStore;
import io.conclave.server.store.MeetingStore;
import io.conclave.server.transport.ReloadingTls;
import io.conclave.server.transport.ServerChannelInitializer;
import io.conclave.server.transport.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay server wired by hand: store, external-sender key, metrics, router, delivery service,
 * meetings, and the Netty port. {@link #start} binds; {@link #close} stops everything.
 */
public final class ConclaveServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConclaveServer.class);

  private final ServerConfig config;
  private final Database database;
  private final ExternalSenderKey serverKey;
  private final ServerMetrics metrics;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final EventExecutorGroup dsExecutor;
  private final ServerChannelInitializer initializer;
  private final ChannelGroup connections = new DefaultChannelGroup("conclave-connections", GlobalEventExecutor.INSTANCE);
  private final ReloadingTls reloadingTls;
  private Channel channel;
  private MetricsListener metricsListener;

  private ConclaveServer(ServerConfig config) throws Exception {
    this.config = config;
    Files.createDirectories(config.dataDir);
    this.database = config.jdbcUrl != null
        ? Database.open(config.jdbcUrl, config.dbUser, config.dbPassword)
        : Database.open(Database.h2Url(config.dataDir), null, null);
    MeetingStore store = new JdbcMeetingStore(database.dataSource());
    this.serverKey = ExternalSenderKey.loadOrCreate(store, config.serverIdentity);
    this.metrics = new ServerMetrics();
    this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("conclave-accept"), NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("conclave-io"), NioIoHandler.newFactory());
    this.dsExecutor = new DefaultEventExecutorGroup(2, new DefaultThreadFactory("conclave-ds"));
    LocalRouter router = new LocalRouter();
    DeliveryService ds = new DeliveryService(store, router, serverKey, metrics,
        config.meetingLimits.maxParticipants());
    MeetingService meetings = new MeetingService(store, router, ds, config.meetingLimits, config.queueLimits,
        metrics, dsExecutor, Clock.systemUTC(),
        new MeetingService.Lifecycle(config.meetingIdleTimeout, config.lobbyTimeout));
    meetings.restore();
    metrics.gauges(router::connections, meetings::openMeetings);
    this.reloadingTls = config.tls == ServerConfig.Tls.FILES
        ? new ReloadingTls(config.certificate, config.privateKey) : null;
    Supplier<SslContext> ssl = switch (config.tls) {
      case NONE -> null;
      case SELF_SIGNED -> {
        SslContext selfSigned = TlsContexts.selfSigned(config.dataDir, config.host);
        yield () -> selfSigned;
      }
      case FILES -> reloadingTls;
    };
    this.initializer = new ServerChannelInitializer(config, ssl, meetings, store, serverKey, metrics, dsExecutor,
        connections);
  }

  /** Opens the database, restores open meetings, binds the port and the metrics listener. */
  public static ConclaveServer start(ServerConfig config) throws Exception {
    ConclaveServer server = new ConclaveServer(config);
    try {
      server.bind();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void bind() throws InterruptedException, IOException {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(config.writeBufferLow, config.writeBufferHigh))
        .childHandler(initializer);
    if (config.sendBufferBytes > 0) {
      b.childOption(ChannelOption.SO_SNDBUF, config.sendBufferBytes);
    }
    channel = b.bind(config.host, config.port).sync().channel();
    log.info("Conclave relay listening on {}", ReachableUrl.describe(config.host, port(), config.tls != ServerConfig.Tls.NONE));
    if (reloadingTls != null && !config.tlsReloadInterval.isZero()) {
      long every = config.tlsReloadInterval.toMillis();
      boss.scheduleWithFixedDelay(reloadingTls::check, every, every, TimeUnit.MILLISECONDS);
    }
    if (config.metricsHost != null) {
      try {
        metricsListener = MetricsListener.start(config.metricsHost, config.metricsPort, metrics);
      } catch (java.net.BindException e) {
        java.net.BindException named = new java.net.BindException("metrics listener cannot bind " + config.metricsHost
            + ":" + config.metricsPort + " (" + e.getMessage() + "); choose --metrics-port, or --metrics-port off");
        named.initCause(e);
        throw named;
      }
      log.info("metrics at http://{}:{}/metrics", config.metricsHost, metricsPort());
    }
  }

  /** The bound port of the metrics listener; -1 without one. */
  public int metricsPort() {
    return metricsListener == null ? -1 : metricsListener.address().getPort();
  }

  /** Checks the TLS certificate files for a renewal now (as the periodic check does); false without files. */
  public boolean reloadTls() {
    return reloadingTls != null && reloadingTls.check();
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public ExternalSenderKey serverKey() {
    return serverKey;
  }

  /**
   * Stops accepting, closes every connection (clients may resume on the next start), lets the
   * delivery-service executor finish their close events, then stops the event loops and the pool.
   */
  @Override
  public void close() {
    if (metricsListener != null) {
      metricsListener.close();
    }
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    dsExecutor.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    database.close();
  }
}
