package io.conclave.sframe;

/**
 * The frame belongs to an MLS epoch whose grace period is over (or that was evicted by the
 * rollover rule of RFC 9605 §5.2); its keys were destroyed.
 */
public final class EpochExpiredException extends SFrameException {

  public EpochExpiredException(String message) {
    super(message);
  }
}
