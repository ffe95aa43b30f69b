package io.conclave.sframe;

/**
 * The sender used every counter value allowed for its KID in this epoch; sending again would reuse
 * a nonce (RFC 9605 §4.3, §9.1). A new epoch brings a new key.
 */
public final class CounterExhaustedException extends SFrameException {

  public CounterExhaustedException(String message) {
    super(message);
  }
}
