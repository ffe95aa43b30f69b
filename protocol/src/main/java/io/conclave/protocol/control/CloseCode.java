package io.conclave.protocol.control;

/**
 * WebSocket close codes the server uses (docs/PROTOCOL.md, "Close codes"), in the range RFC 6455
 * §7.4.2 leaves to applications. Each closes only the offending connection.
 */
public enum CloseCode {
  /** Bad JSON, unknown type or field, bad base64, bad MLS encoding, bad media-frame header. */
  MALFORMED(4400, "malformed message"),
  /** A resume token that does not belong to this meeting. */
  BAD_RESUME(4401, "unknown resume token"),
  /** The meeting has its maximum number of participants. */
  MEETING_FULL(4403, "meeting full"),
  /** No such meeting. */
  UNKNOWN_MEETING(4404, "unknown meeting"),
  /** {@code register_group} without the meeting's host token. */
  NOT_AUTHORISED(4407, "not authorised"),
  /** No hello within the hello timeout. */
  HELLO_TIMEOUT(4408, "hello timeout"),
  /**
   * A message the connection's state does not allow (e.g. before hello, a second registration, a
   * commit from a non-member, any client {@code proposal}).
   */
  OUT_OF_ORDER(4409, "message out of order"),
  /**
   * The meeting was closed: by its host ({@code end_meeting} or the HTTP API) while connected, or
   * earlier (host, or idle with nobody in it) for a later {@code hello}.
   */
  MEETING_CLOSED(4410, "meeting closed"),
  /** The same participant resumed on another connection. */
  REPLACED(4412, "resumed on another connection"),
  /** The participant did not become a member within the lobby timeout: its seat is released. */
  LOBBY_TIMEOUT(4411, "lobby timeout"),
  /** A control message or media frame over its size limit. */
  TOO_LARGE(4413, "message too large"),
  /** The connection sent faster than its rate limit. */
  RATE_LIMITED(4429, "rate limit exceeded"),
  /** The server failed; the client may reconnect and resume. */
  SERVER_ERROR(4500, "server error");

  private final int code;
  private final String reason;

  CloseCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  /** The close frame's reason text (short, ASCII). */
  public String reason() {
    return reason;
  }
}
