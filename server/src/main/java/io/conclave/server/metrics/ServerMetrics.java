package io.conclave.server.metrics;

import io.conclave.server.ds.DsStats;
import io.conclave.server.media.MediaStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics (served at {@code /metrics}): connections, meetings, media
 * frames and bytes in and out, drops by reason, keyframe requests (the relay's own and those
 * receivers ask for), queued frames, commits and commit latency. Labels carry kinds and reasons
 * only, never ids.
 */
public final class ServerMetrics implements MediaStats, DsStats {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter framesIn = Counter.builder("conclave.media.frames.in").register(registry);
  private final Counter bytesIn = Counter.builder("conclave.media.bytes.in").register(registry);
  private final Counter framesOut = Counter.builder("conclave.media.frames.out").register(registry);
  private final Counter bytesOut = Counter.builder("conclave.media.bytes.out").register(registry);
  private final Counter keyframeRequests = Counter.builder("conclave.media.keyframe.requests").register(registry);
  private final Counter receiverKeyframeRequests =
      Counter.builder("conclave.media.keyframe.requests.by.receivers").register(registry);
  private final Map<DropReason, Counter> audioDrops = new EnumMap<>(DropReason.class);
  private final Map<DropReason, Counter> videoDrops = new EnumMap<>(DropReason.class);
  private final AtomicLong queued = new AtomicLong();
  private final Timer commitLatency = Timer.builder("conclave.ds.commit.latency").register(registry);
  private final Counter commitsRejected = Counter.builder("conclave.ds.commits.rejected").register(registry);
  private final Counter connectionsClosed = Counter.builder("conclave.connections.closed").register(registry);

  public ServerMetrics() {
    for (DropReason reason : DropReason.values()) {
      String tag = reason.name().toLowerCase();
      audioDrops.put(reason, Counter.builder("conclave.media.dropped")
          .tag("kind", "audio").tag("reason", tag).register(registry));
      videoDrops.put(reason, Counter.builder("conclave.media.dropped")
          .tag("kind", "video").tag("reason", tag).register(registry));
    }
    Gauge.builder("conclave.media.queued.frames", queued, AtomicLong::get).register(registry);
  }

  /** Registers the gauges read from live state. */
  public void gauges(IntSupplier connections, IntSupplier meetings) {
    Gauge.builder("conclave.connections", connections::getAsInt).register(registry);
    Gauge.builder("conclave.meetings.open", meetings::getAsInt).register(registry);
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
  public void commitAccepted(long nanos) {
    commitLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void commitRejected() {
    commitsRejected.increment();
  }
}
