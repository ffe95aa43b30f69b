package io.conclave.sframe;

/**
 * The counter of a received frame was already accepted for this KID, or is older than the replay
 * window (RFC 9605 §7.4, §9.3: a sliding window as in RFC 3711 §3.3.2).
 */
public final class ReplayedCounterException extends SFrameException {

  public ReplayedCounterException(String message) {
    super(message);
  }
}
