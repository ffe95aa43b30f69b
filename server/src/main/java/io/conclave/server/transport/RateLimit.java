package io.conclave.server.transport;

/**
 * A token-bucket rate: {@code perSecond} messages sustained, {@code burst} at once.
 */
public record RateLimit(double perSecond, int burst) {
  public RateLimit {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("invalid rate limit");
    }
  }
}
