package io.conclave.sframe;

/**
 * The sender index in the KID (RFC 9605 §5.2) is not a member of the epoch the KID names.
 */
public final class SenderNotInRosterException extends SFrameException {

  public SenderNotInRosterException(String message) {
    super(message);
  }
}
