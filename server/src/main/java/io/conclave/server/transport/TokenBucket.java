package io.conclave.server.transport;

/** A token bucket for one connection; used from its event loop only. */
final class TokenBucket {
  private final RateLimit rate;
  private double tokens;
  private long last;

  TokenBucket(RateLimit rate, long nowNanos) {
    this.rate = rate;
    this.tokens = rate.burst();
    this.last = nowNanos;
  }

  /** Takes one token if there is one. */
  boolean tryTake(long nowNanos) {
    tokens = Math.min(rate.burst(), tokens + (nowNanos - last) * rate.perSecond() / 1e9);
    last = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
