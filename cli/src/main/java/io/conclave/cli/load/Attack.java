package io.conclave.cli.load;

import io.conclave.protocol.control.CloseCode;
import java.util.EnumSet;
import java.util.Set;

/**
 * One kind of misbehaviour, played on a fresh connection, and the close codes the server must
 * answer it with. {@link CloseCode#MEETING_FULL} is also accepted wherever the attack says hello
 * to a meeting, since a long run can fill a meeting with connections in their reconnect grace;
 * {@link CloseCode#RATE_LIMITED} wherever it sends in bursts.
 */
public enum Attack {
  /** Random printable text that is not a control message. */
  RANDOM_TEXT(CloseCode.MALFORMED),
  /** Random bytes in a binary frame before hello: media before ready. */
  BINARY_BEFORE_HELLO(CloseCode.OUT_OF_ORDER),
  /** Well-formed JSON with a server-only or unknown message type. */
  WRONG_TYPE(CloseCode.MALFORMED),
  /** A valid client message, other than hello, as the first message. */
  STEP_BEFORE_HELLO(CloseCode.OUT_OF_ORDER),
  /** Hello, then hello again. */
  SECOND_HELLO(CloseCode.OUT_OF_ORDER, CloseCode.MEETING_FULL),
  /** Hello to a meeting that does not exist. */
  UNKNOWN_MEETING(CloseCode.UNKNOWN_MEETING),
  /** Hello with a resume token never issued. */
  BAD_RESUME(CloseCode.BAD_RESUME),
  /** Hello, then a media frame over the media size limit. */
  OVERSIZED_MEDIA(CloseCode.TOO_LARGE, CloseCode.MEETING_FULL),
  /**
   * A control message over the control size limit: the relay's own check answers {@link
   * CloseCode#TOO_LARGE}; when the message is also over the WebSocket frame limit (the same number
   * by default) the WebSocket layer answers {@link #MESSAGE_TOO_BIG} first.
   */
  OVERSIZED_CONTROL(CloseCode.TOO_LARGE),
  /** Hello, then a media frame whose clear header is invalid. */
  BAD_MEDIA_HEADER(CloseCode.MALFORMED, CloseCode.MEETING_FULL),
  /**
   * Hello, then a control message whose MLS bytes are random (a registration with a made-up host
   * token is refused as {@link CloseCode#NOT_AUTHORISED} before its bytes are read).
   */
  RANDOM_MLS(CloseCode.MALFORMED, CloseCode.OUT_OF_ORDER, CloseCode.NOT_AUTHORISED, CloseCode.MEETING_FULL),
  /**
   * Hello to the target meeting, a burst of random media frames with valid headers (the relay
   * cannot tell them from real ones and forwards them; members must drop them when they fail to
   * decrypt), then random text.
   */
  GARBAGE_MEDIA(CloseCode.MALFORMED, CloseCode.MEETING_FULL, CloseCode.RATE_LIMITED);

  /** RFC 6455 §7.4.1 "message too big": the WebSocket layer's close for an over-limit frame. */
  public static final int MESSAGE_TOO_BIG = 1009;

  private final Set<CloseCode> expected;

  Attack(CloseCode first, CloseCode... rest) {
    this.expected = EnumSet.of(first, rest);
  }

  public Set<CloseCode> expected() {
    return expected;
  }

  /** True if {@code code} is how this attack may end. */
  public boolean accepts(int code) {
    return expected.stream().anyMatch(c -> c.code() == code)
        || this == OVERSIZED_CONTROL && code == MESSAGE_TOO_BIG;
  }
}
