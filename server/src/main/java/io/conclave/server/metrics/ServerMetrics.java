package io.conclave.server.metrics;

import io.conclave.server.ds.DsStats;
import io.conclave.server.media.MediaStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics (served by {@link MetricsListener}, never on the public port):
 * connections, meetings, media frames and bytes in and out, drops by reason, keyframe requests
 * (the relay's own and those receivers ask for), queued frames, commits, latency histograms of
 * commit processing and frame fan-out, the JVM's memory, GC, threads, classes, CPU and uptime, and
 * {@code conclave_build_info}. Every meter has a help text. Labels carry kinds and reasons only,
 * never ids.
 */
public final class ServerMetrics implements MediaStats, DsStats {
  /** Bucket bounds of the commit-processing histogram: database write included, so up to seconds. */
  private static final Duration[] COMMIT_BUCKETS = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000);
  /** Bucket bounds of the fan-out histogram: in-memory work, microseconds to a few milliseconds. */
  private static final Duration[] FAN_OUT_BUCKETS = micros(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter framesIn = counter("conclave.media.frames.in", "Media frames received from clients");
  private final Counter bytesIn = counter("conclave.media.bytes.in", "Media frame bytes received from clients");
  private final Counter framesOut = counter("conclave.media.frames.out", "Media frames written to receivers");
  private final Counter bytesOut = counter("conclave.media.bytes.out", "Media frame bytes written to receivers");
  private final Counter keyframeRequests = counter("conclave.media.keyframe.requests",
      "Keyframe requests the relay sent on its own, before the per-track limit");
  private final Counter receiverKeyframeRequests = counter("conclave.media.keyframe.requests.by.receivers",
      "Keyframe requests from receivers forwarded to a connected member, before the per-track limit");
  private final Map<DropReason, Counter> audioDrops = new EnumMap<>(DropReason.class);
  private final Map<DropReason, Counter> videoDrops = new EnumMap<>(DropReason.class);
  private final AtomicLong queued = new AtomicLong();
  private final Timer commitLatency = Timer.builder("conclave.ds.commit.latency")
      .description("From receipt of a commit to accepted, persisted and forwarded")
      .serviceLevelObjectives(COMMIT_BUCKETS).register(registry);
  private final Timer fanOutLatency = Timer.builder("conclave.media.fanout.latency")
      .description("From receipt of a member's media frame to queued for every receiver")
      .serviceLevelObjectives(FAN_OUT_BUCKETS).register(registry);
  private final Counter commitsRejected = counter("conclave.ds.commits.rejected", "Commits the delivery service refused");
  private final Counter connectionsClosed = counter("conclave.connections.closed", "Connections closed, for any reason");

  public ServerMetrics() {
    for (DropReason reason : DropReason.values()) {
      String tag = reason.name().toLowerCase();
      audioDrops.put(reason, Counter.builder("conclave.media.dropped").description("Media frames not delivered to a receiver")
          .tag("kind", "audio").tag("reason", tag).register(registry));
      videoDrops.put(reason, Counter.builder("conclave.media.dropped").description("Media frames not delivered to a receiver")
          .tag("kind", "video").tag("reason", tag).register(registry));
    }
    Gauge.builder("conclave.media.queued.frames", queued, AtomicLong::get)
        .description("Media frames waiting in receivers' queues").register(registry);
    Gauge.builder("conclave.build.info", () -> 1).description("The running relay's version; the value is always 1")
        .tag("version", BuildInfo.VERSION).tag("java_version", System.getProperty("java.version", "unknown"))
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  private Counter counter(String name, String help) {
    return Counter.builder(name).description(help).register(registry);
  }

  /** Registers the gauges read from live state. */
  public void gauges(IntSupplier connections, IntSupplier meetings) {
    Gauge.builder("conclave.connections", connections::getAsInt).description("Open WebSocket connections")
        .register(registry);
    Gauge.builder("conclave.meetings.open", meetings::getAsInt).description("Open meetings").register(registry);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  public void connectionClosed() {
    connectionsClosed.increment();
  }

  @Override
  public void frameIn(int bytes) {
    framesIn.increment();
    bytesIn.increment(bytes);
  }

  @Override
  public void frameOut(int bytes) {
    framesOut.increment();
    bytesOut.increment(bytes);
  }

  @Override
  public void dropped(boolean video, DropReason reason) {
    (video ? videoDrops : audioDrops).get(reason).increment();
  }

  @Override
  public void keyframeRequested() {
    keyframeRequests.increment();
  }

  @Override
  public void keyframeRequestedByReceiver() {
    receiverKeyframeRequests.increment();
  }

  @Override
  public void queued(int delta) {
    queued.addAndGet(delta);
  }

  @Override
  public void fannedOut(long nanos) {
    fanOutLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void commitAccepted(long nanos) {
    commitLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void commitRejected() {
    commitsRejected.increment();
  }

  private static Duration[] millis(long... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofMillis(values[i]);
    }
    return out;
  }

  private static Duration[] micros(long... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofNanos(values[i] * 1000);
    }
    return out;
  }

  /** The version Maven wrote into {@code conclave-build.properties}. */
  public static final class BuildInfo {
    public static final String VERSION = load();

    private BuildInfo() {}

    private static String load() {
      try (InputStream in = ServerMetrics.class.getResourceAsStream("/conclave-build.properties")) {
        if (in == null) {
          return "unknown";
        }
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "unknown");
        return v.startsWith("${") ? "unknown" : v;
      } catch (IOException e) {
        return "unknown";
      }
    }
  }
}
