package io.conclave.sframe;

/**
 * No key is known for the KID in the SFrame header (RFC 9605 §4.4.4), e.g. a frame from an MLS
 * epoch not added yet. The only failure a receiver may buffer and retry once the key arrives.
 */
public final class UnknownKeyIdException extends SFrameException {

  public UnknownKeyIdException(String message) {
    super(message);
  }
}
