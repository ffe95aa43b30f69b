package io.conclave.sframe;

/**
 * The AEAD tag did not verify (RFC 9605 §4.4.4, §4.5.1): the header, the metadata, the ciphertext
 * or the tag was changed, or the frame was made with another key.
 */
public final class AuthenticationFailedException extends SFrameException {

  public AuthenticationFailedException(String message) {
    super(message);
  }

  public AuthenticationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
