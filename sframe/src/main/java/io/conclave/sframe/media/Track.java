package io.conclave.sframe.media;

import io.conclave.sframe.MalformedFrameException;

/** The media track of a frame: byte 1 of the {@link MediaFrameHeader}. Codes 3–255 are reserved. */
public enum Track {
  AUDIO(0),
  CAMERA_VIDEO(1),
  SCREEN_VIDEO(2);

  private final int code;

  Track(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** @throws MalformedFrameException for a reserved code */
  public static Track fromCode(int code) {
    return switch (code) {
      case 0 -> AUDIO;
      case 1 -> CAMERA_VIDEO;
      case 2 -> SCREEN_VIDEO;
      default -> throw new MalformedFrameException("media frame: reserved track " + code);
    };
  }
}
