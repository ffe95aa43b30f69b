package io.conclave.server;

import io.conclave.server.media.QueueLimits;
import io.conclave.server.meeting.MeetingLimits;
import io.conclave.server.transport.AddressRange;
import io.conclave.server.transport.RateLimit;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable server configuration; {@link #builder()} starts from the defaults documented in
 * docs/PROTOCOL.md ("Limits"). Plain HTTP is refused unless the server binds a loopback address.
 */
public final class ServerConfig {

  /** How the one port speaks HTTP. */
  public enum Tls {
    /** Plain HTTP and WebSocket: loopback only. */
    NONE,
    /** A self-signed certificate generated once into the data directory. */
    SELF_SIGNED,
    /** PEM certificate chain and PKCS#8 key files. */
    FILES
  }

  public final String host;
  public final int port;
  public final Tls tls;
  public final Path certificate;
  public final Path privateKey;
  public final Path dataDir;
  public final String jdbcUrl;
  public final String dbUser;
  public final String dbPassword;
  public final Path webRoot;
  public final MeetingLimits meetingLimits;
  public final QueueLimits queueLimits;
  public final int maxControlBytes;
  public final int maxMediaFrameBytes;
  public final int maxRequestBytes;
  public final RateLimit controlRate;
  public final RateLimit mediaRate;
  public final Duration helloTimeout;
  public final int writeBufferLow;
  public final int writeBufferHigh;
  public final int sendBufferBytes;
  public final String serverIdentity;
  /** Web origins allowed besides the defaults of {@code transport.OriginPolicy} ({@code *}: any). */
  public final java.util.List<String> allowedOrigins;
  /** Peers whose forwarded headers (X-Forwarded-For/-Proto, Forwarded) are believed; empty: none. */
  public final List<AddressRange> trustedProxies;
  /** Address of the separate metrics listener; null: no metrics listener. */
  public final String metricsHost;
  /** Port of the metrics listener (0 picks a free one); meaningful only with {@link #metricsHost}. */
  public final int metricsPort;
  /** How often the TLS certificate and key files are checked for a renewal; zero: never. */
  public final Duration tlsReloadInterval;
  /** A meeting nobody is in closes after this long. */
  public final Duration meetingIdleTimeout;
  /** A participant not admitted this long after entering loses its seat (close code 4411). */
  public final Duration lobbyTimeout;
  /** Required as {@code Authorization: Bearer} to create a meeting; null: anyone may. Never logged. */
  public final String creationToken;
  /** Meetings each client address may create: sustained per second, and burst. */
  public final RateLimit creationRate;

  private ServerConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.tls = b.tls;
    this.certificate = b.certificate;
    this.privateKey = b.privateKey;
    this.dataDir = b.dataDir;
    this.jdbcUrl = b.jdbcUrl;
    this.dbUser = b.dbUser;
    this.dbPassword = b.dbPassword;
    this.webRoot = b.webRoot;
    this.meetingLimits = b.meetingLimits;
    this.queueLimits = b.queueLimits;
    this.maxControlBytes = b.maxControlBytes;
    this.maxMediaFrameBytes = b.maxMediaFrameBytes;
    this.maxRequestBytes = b.maxRequestBytes;
    this.controlRate = b.controlRate;
    this.mediaRate = b.mediaRate;
    this.helloTimeout = b.helloTimeout;
    this.writeBufferLow = b.writeBufferLow;
    this.writeBufferHigh = b.writeBufferHigh;
    this.sendBufferBytes = b.sendBufferBytes;
    this.serverIdentity = b.serverIdentity;
    this.allowedOrigins = java.util.List.copyOf(b.allowedOrigins);
    this.trustedProxies = List.copyOf(b.trustedProxies);
    this.metricsHost = b.metricsHost;
    this.metricsPort = b.metricsPort;
    this.tlsReloadInterval = b.tlsReloadInterval;
    this.meetingIdleTimeout = b.meetingIdleTimeout;
    this.lobbyTimeout = b.lobbyTimeout;
    this.creationToken = b.creationToken;
    this.creationRate = b.creationRate;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with defaults: 127.0.0.1:8443, plain HTTP, embedded H2 under {@code ./data}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8443;
    private Tls tls = Tls.NONE;
    private Path certificate;
    private Path privateKey;
    private Path dataDir = Path.of("data");
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private Path webRoot;
    private MeetingLimits meetingLimits = MeetingLimits.DEFAULT;
    private QueueLimits queueLimits = QueueLimits.DEFAULT;
    private int maxControlBytes = 1 << 20;
    private int maxMediaFrameBytes = 256 << 10;
    private int maxRequestBytes = 64 << 10;
    private RateLimit controlRate = new RateLimit(50, 200);
    private RateLimit mediaRate = new RateLimit(2000, 4000);
    private Duration helloTimeout = Duration.ofSeconds(10);
    private int writeBufferLow = 128 << 10;
    private int writeBufferHigh = 512 << 10;
    private int sendBufferBytes;
    private String serverIdentity = "conclave-server";
    private final java.util.List<String> allowedOrigins = new java.util.ArrayList<>();
    private List<AddressRange> trustedProxies = List.of();
    private String metricsHost;
    private int metricsPort = 9464;
    private Duration tlsReloadInterval = Duration.ofMinutes(1);
    private Duration meetingIdleTimeout = Duration.ofMinutes(10);
    private Duration lobbyTimeout = Duration.ofMinutes(15);
    private String creationToken;
    private RateLimit creationRate = new RateLimit(0.5, 30);

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** 0 picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder selfSignedTls() {
      this.tls = Tls.SELF_SIGNED;
      return this;
    }

    public Builder tlsFiles(Path certificate, Path privateKey) {
      this.tls = Tls.FILES;
      this.certificate = Objects.requireNonNull(certificate);
      this.privateKey = Objects.requireNonNull(privateKey);
      return this;
    }

    public Builder plain() {
      this.tls = Tls.NONE;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir);
      return this;
    }

    /** A JDBC URL (e.g. PostgreSQL) instead of the embedded H2 file. */
    public Builder database(String jdbcUrl, String user, String password) {
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl);
      this.dbUser = user;
      this.dbPassword = password;
      return this;
    }

    public Builder webRoot(Path webRoot) {
      this.webRoot = webRoot;
      return this;
    }

    public Builder meetingLimits(MeetingLimits limits) {
      this.meetingLimits = Objects.requireNonNull(limits);
      return this;
    }

    public Builder maxMeetings(int n) {
      return meetingLimits(new MeetingLimits(n, meetingLimits.maxParticipants(), meetingLimits.reconnectGrace()));
    }

    public Builder maxParticipants(int n) {
      return meetingLimits(new MeetingLimits(meetingLimits.maxMeetings(), n, meetingLimits.reconnectGrace()));
    }

    public Builder reconnectGrace(Duration grace) {
      return meetingLimits(new MeetingLimits(meetingLimits.maxMeetings(), meetingLimits.maxParticipants(), grace));
    }

    public Builder queueLimits(QueueLimits limits) {
      this.queueLimits = Objects.requireNonNull(limits);
      return this;
    }

    public Builder maxControlBytes(int bytes) {
      this.maxControlBytes = bytes;
      return this;
    }

    public Builder maxMediaFrameBytes(int bytes) {
      this.maxMediaFrameBytes = bytes;
      return this;
    }

    public Builder maxRequestBytes(int bytes) {
      this.maxRequestBytes = bytes;
      return this;
    }

    public Builder controlRate(RateLimit rate) {
      this.controlRate = Objects.requireNonNull(rate);
      return this;
    }

    public Builder mediaRate(RateLimit rate) {
      this.mediaRate = Objects.requireNonNull(rate);
      return this;
    }

    public Builder helloTimeout(Duration timeout) {
      this.helloTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Channel write-buffer watermarks: above {@code high} a receiver counts as behind. */
    public Builder writeBuffer(int low, int high) {
      this.writeBufferLow = low;
      this.writeBufferHigh = high;
      return this;
    }

    /** SO_SNDBUF of accepted connections; 0 leaves the OS default. */
    public Builder sendBufferBytes(int bytes) {
      this.sendBufferBytes = bytes;
      return this;
    }

    public Builder queueFrames(int frames) {
      return queueLimits(new QueueLimits(frames, queueLimits.maxBytes(), queueLimits.videoShare()));
    }

    public Builder queueBytes(int bytes) {
      return queueLimits(new QueueLimits(queueLimits.maxFrames(), bytes, queueLimits.videoShare()));
    }

    public Builder queueVideoShare(double share) {
      return queueLimits(new QueueLimits(queueLimits.maxFrames(), queueLimits.maxBytes(), share));
    }

    public Builder trustedProxies(List<AddressRange> proxies) {
      this.trustedProxies = List.copyOf(proxies);
      return this;
    }

    /** Serve {@code /metrics} on a separate listener at {@code host:port} (port 0 picks a free one). */
    public Builder metricsListener(String host, int port) {
      this.metricsHost = Objects.requireNonNull(host);
      this.metricsPort = port;
      return this;
    }

    /** No metrics listener (the default of the builder; {@code conclave serve} opens one on loopback). */
    public Builder noMetricsListener() {
      this.metricsHost = null;
      return this;
    }

    public Builder tlsReloadInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("negative TLS reload interval");
      }
      this.tlsReloadInterval = interval;
      return this;
    }

    public Builder serverIdentity(String identity) {
      this.serverIdentity = Objects.requireNonNull(identity);
      return this;
    }

    /**
     * Also accept browser clients from {@code origin} ({@code scheme://host[:port]},
     * {@code chrome-extension://ID}, or {@code *} for any), besides the defaults
     * (docs/PROTOCOL.md, "Invite links and client origins").
     */
    public Builder allowOrigin(String origin) {
      new io.conclave.server.transport.OriginPolicy(java.util.List.of(origin)); // validates
      this.allowedOrigins.add(origin);
      return this;
    }

    /** A meeting nobody is in (every participant left) closes after {@code timeout}; default 10 min. */
    public Builder meetingIdleTimeout(Duration timeout) {
      this.meetingIdleTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** A participant that is not a member {@code timeout} after entering loses its seat; default 15 min. */
    public Builder lobbyTimeout(Duration timeout) {
      this.lobbyTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Requires this bearer token to create meetings; null (the default) lets anyone create them. */
    public Builder creationToken(String token) {
      if (token != null && token.isBlank()) {
        throw new IllegalArgumentException("the creation token must not be blank");
      }
      this.creationToken = token;
      return this;
    }

    /** Meetings per client address; default 0.5/s sustained, bursts of 30. */
    public Builder creationRate(RateLimit rate) {
      this.creationRate = Objects.requireNonNull(rate);
      return this;
    }

    /** @throws IllegalArgumentException for plain HTTP on a non-loopback address, or bad limits */
    public ServerConfig build() {
      if (tls == Tls.NONE && !isLoopback(host)) {
        throw new IllegalArgumentException(
            "plain HTTP is only allowed on loopback; give a certificate or use self-signed TLS for " + host);
      }
      if (!meetingIdleTimeout.isPositive() || !lobbyTimeout.isPositive()) {
        throw new IllegalArgumentException("meeting idle and lobby timeouts must be positive");
      }
      if (maxMediaFrameBytes > maxControlBytes || maxRequestBytes < 1024 || writeBufferLow > writeBufferHigh) {
        throw new IllegalArgumentException("inconsistent limits");
      }
      return new ServerConfig(this);
    }

    private static boolean isLoopback(String host) {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}
