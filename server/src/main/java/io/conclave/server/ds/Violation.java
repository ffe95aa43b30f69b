package io.conclave.server.ds;

import io.conclave.protocol.control.CloseCode;

/**
 * A client broke the protocol; its connection (only) is closed with {@link #code()}. The detail
 * is for the server log and never contains message bodies.
 */
public final class Violation extends RuntimeException {
  private final CloseCode code;

  public Violation(CloseCode code, String detail) {
    super(detail);
    this.code = code;
  }

  public CloseCode code() {
    return code;
  }
}
