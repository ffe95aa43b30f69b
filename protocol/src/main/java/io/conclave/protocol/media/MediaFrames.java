package io.conclave.protocol.media;

import io.conclave.protocol.MalformedMessageException;
import io.conclave.sframe.MalformedFrameException;
import io.conclave.sframe.media.MediaFrameHeader;

/**
 * Binary WebSocket messages (docs/PROTOCOL.md, "Media frames"): each one is exactly one Conclave
 * media frame, the 8-byte clear {@link MediaFrameHeader} followed by the SFrame ciphertext. The
 * relay forwards the bytes unchanged; it reads only the header, to route and to drop.
 */
public final class MediaFrames {
  /** The clear header's length: all the relay ever reads of a frame. */
  public static final int HEADER_LENGTH = MediaFrameHeader.LENGTH;
  /** Header, SFrame header (at least 1 byte) and AEAD tag (at least 4 bytes, RFC 9605 §4.5). */
  public static final int MIN_LENGTH = HEADER_LENGTH + 1 + 4;

  private MediaFrames() {}

  /**
   * Reads the clear header of a frame of {@code frameLength} bytes whose first bytes are
   * {@code header[0, 8)}.
   *
   * @throws MalformedMessageException if the frame is shorter than {@link #MIN_LENGTH}, longer
   *     than {@code maxFrameLength}, or its header is not a valid version-1 header
   */
  public static MediaFrameHeader readHeader(byte[] header, int frameLength, int maxFrameLength) {
    if (frameLength > maxFrameLength) {
      throw new MalformedMessageException(
          "media frame of " + frameLength + " bytes exceeds " + maxFrameLength);
    }
    if (frameLength < MIN_LENGTH) {
      throw new MalformedMessageException("media frame of " + frameLength + " bytes is truncated");
    }
    try {
      return MediaFrameHeader.decode(header, 0, HEADER_LENGTH);
    } catch (MalformedFrameException e) {
      throw new MalformedMessageException(e.getMessage(), e);
    }
  }
}
