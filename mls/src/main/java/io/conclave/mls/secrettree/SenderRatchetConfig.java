package io.conclave.mls.secrettree;

/**
 * How much out-of-order delivery a receiving {@link SenderRatchet} tolerates (RFC 9420 §9.2 lets
 * members keep unconsumed keys "for some reasonable amount of time").
 *
 * @param maxKeptKeys keys of skipped generations kept for late messages; older ones are deleted
 * @param maxForwardDistance the most generations a receiver ratchets forward past the next expected
 *     one for a single message, bounding the work an out-of-range generation can cause
 */
public record SenderRatchetConfig(int maxKeptKeys, int maxForwardDistance) {
  public static final SenderRatchetConfig DEFAULT = new SenderRatchetConfig(32, 1024);

  public SenderRatchetConfig {
    if (maxKeptKeys < 0 || maxForwardDistance < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }
}
