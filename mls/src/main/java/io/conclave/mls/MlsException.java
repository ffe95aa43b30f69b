package io.conclave.mls;

/**
 * The one exception family a caller of the MLS library has to handle.
 *
 * <p>Each subclass names a class of failure: malformed bytes ({@link DecodeException}),
 * a cryptographic check that did not pass ({@link CryptoException}), or a message that decodes and
 * authenticates but breaks a protocol rule ({@link ProtocolException}). Programming errors inside the
 * library surface as ordinary {@link IllegalStateException}s and are not part of this family.
 */
public abstract sealed class MlsException extends RuntimeException
    permits DecodeException, CryptoException, ProtocolException {

  protected MlsException(String message) {
    super(message);
  }

  protected MlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
