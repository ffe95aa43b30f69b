package io.conclave.sframe;

/**
 * Bytes that are not a well-formed frame: an SFrame header that is truncated or not minimally
 * encoded (RFC 9605 §4.3), a ciphertext too short to hold the authentication tag, or a media-frame
 * header with an unknown version or reserved bits set.
 */
public final class MalformedFrameException extends SFrameException {

  public MalformedFrameException(String message) {
    super(message);
  }
}
