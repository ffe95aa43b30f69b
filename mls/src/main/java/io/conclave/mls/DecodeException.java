package io.conclave.mls;

/**
 * Bytes that are not a valid encoding: truncated, longer than a bound, with trailing data, with a
 * non-minimal variable-length integer, or with a value outside its enumeration.
 */
public final class DecodeException extends MlsException {

  public DecodeException(String message) {
    super(message);
  }
}
