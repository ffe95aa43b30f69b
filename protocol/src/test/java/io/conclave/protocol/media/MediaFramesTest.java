package io.conclave.protocol.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.protocol.MalformedMessageException;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import org.junit.jupiter.api.Test;

class MediaFramesTest {

  private static byte[] header(MediaFrameHeader h) {
    byte[] b = new byte[8];
    h.encodeTo(b, 0);
    return b;
  }

  @Test
  void readsAValidHeader() {
    MediaFrameHeader h = new MediaFrameHeader(Track.CAMERA_VIDEO, true, 1, 2, 77);
    assertThat(MediaFrames.readHeader(header(h), 100, 1000)).isEqualTo(h);
  }

  @Test
  void boundsTheFrameLength() {
    byte[] h = header(new MediaFrameHeader(Track.AUDIO, false, 0, 0, 1));
    assertThatThrownBy(() -> MediaFrames.readHeader(h, 1001, 1000))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> MediaFrames.readHeader(h, MediaFrames.MIN_LENGTH - 1, 1000))
        .isInstanceOf(MalformedMessageException.class);
    assertThat(MediaFrames.readHeader(h, MediaFrames.MIN_LENGTH, 1000).track()).isEqualTo(Track.AUDIO);
  }

  @Test
  void rejectsBadHeaders() {
    byte[] version = header(new MediaFrameHeader(Track.AUDIO, false, 0, 0, 1));
    version[0] = 2;
    byte[] track = header(new MediaFrameHeader(Track.AUDIO, false, 0, 0, 1));
    track[1] = 9;
    byte[] flags = header(new MediaFrameHeader(Track.AUDIO, false, 0, 0, 1));
    flags[2] = 0x02;
    for (byte[] h : new byte[][] {version, track, flags}) {
      assertThatThrownBy(() -> MediaFrames.readHeader(h, 100, 1000))
          .isInstanceOf(MalformedMessageException.class);
    }
  }
}
