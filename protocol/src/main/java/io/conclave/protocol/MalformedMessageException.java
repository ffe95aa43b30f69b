package io.conclave.protocol;

/**
 * The one exception for bytes that are not a valid Conclave protocol message: bad JSON, an unknown
 * type or version, a missing or out-of-range field, a bad media-frame header, a length over a
 * bound (docs/PROTOCOL.md). Unchecked; its message never contains the offending bytes.
 */
public final class MalformedMessageException extends RuntimeException {

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
