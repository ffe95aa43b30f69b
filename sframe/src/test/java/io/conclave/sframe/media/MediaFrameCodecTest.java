package io.conclave.sframe.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.sframe.AuthenticationFailedException;
import io.conclave.sframe.MalformedFrameException;
import io.conclave.sframe.SFrameException;
import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.mls.MlsSFrameConfig;
import io.conclave.sframe.mls.MlsSFrameContext;
import io.conclave.sframe.suite.CipherSuite;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Media frames: layout, round trip, and that a change in any byte makes decryption fail. */
class MediaFrameCodecTest {
  private static final int[] ROSTER = {0, 1, 2};

  static MediaFrameCodec member(CipherSuite suite, int leaf, byte[] baseKey) {
    MlsSFrameContext sframe = MlsSFrameContext.create(
        MlsSFrameConfig.builder().suite(suite).build(), leaf);
    sframe.addEpoch(7, SFrameSecret.copyOf(baseKey), 3, ROSTER);
    return new MediaFrameCodec(sframe);
  }

  static byte[] baseKey(CipherSuite suite) {
    byte[] key = new byte[suite.nk()];
    Arrays.fill(key, (byte) 0x5a);
    return key;
  }

  @Test
  void headerLayoutIsExact() {
    byte[] out = new byte[8];
    new MediaFrameHeader(Track.SCREEN_VIDEO, true, 2, 3, 0x01020304L).encodeTo(out, 0);
    assertThat(HexFormat.of().formatHex(out)).isEqualTo("0102012301020304");
    assertThat(MediaFrameHeader.decode(out, 0, 8))
        .isEqualTo(new MediaFrameHeader(Track.SCREEN_VIDEO, true, 2, 3, 0x01020304L));
  }

  @Test
  void roundTripAcrossMembersForEverySuite() {
    for (CipherSuite suite : CipherSuite.values()) {
      MediaFrameCodec alice = member(suite, 0, baseKey(suite));
      MediaFrameCodec bob = member(suite, 2, baseKey(suite));
      MediaFrameHeader header = new MediaFrameHeader(Track.CAMERA_VIDEO, true, 1, 2, 0xfffffffeL);
      byte[] payload = "camera frame payload".getBytes();
      byte[] wire = alice.protect(header, payload);
      assertThat(Arrays.copyOf(wire, 8)).isEqualTo(headerBytes(header));
      MediaFrame frame = bob.unprotect(wire);
      assertThat(frame.header()).isEqualTo(header);
      assertThat(frame.senderIndex()).isZero();
      assertThat(frame.epoch()).isEqualTo(7);
      assertThat(frame.payload()).isEqualTo(payload);
    }
  }

  @Test
  void changingAnyByteFails() {
    CipherSuite suite = CipherSuite.AES_128_GCM_SHA256_128;
    MediaFrameCodec alice = member(suite, 0, baseKey(suite));
    byte[] wire = alice.protect(new MediaFrameHeader(Track.AUDIO, false, 0, 0, 42), new byte[100]);
    for (int i = 0; i < wire.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        // A fresh receiver each time, so no replay state hides a failure.
        MediaFrameCodec bob = member(suite, 1, baseKey(suite));
        byte[] changed = wire.clone();
        changed[i] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> bob.unprotect(changed))
            .as("byte %d bit %d", i, bit)
            .isInstanceOf(SFrameException.class);
      }
    }
    // Header fields a relay might be tempted to rewrite fail authentication, not parsing.
    for (int i : new int[] {2, 3, 4, 7}) {
      MediaFrameCodec bob = member(suite, 1, baseKey(suite));
      byte[] changed = wire.clone();
      changed[i] ^= (byte) (i == 2 ? 0x01 : 0x10);
      assertThatThrownBy(() -> bob.unprotect(changed))
          .isInstanceOf(AuthenticationFailedException.class);
    }
  }

  @Test
  void reservedValuesAreMalformed() {
    byte[] bytes = headerBytes(new MediaFrameHeader(Track.AUDIO, false, 0, 0, 1));
    byte[][] bad = {bytes.clone(), bytes.clone(), bytes.clone()};
    bad[0][0] = 2;
    bad[1][1] = 3;
    bad[2][2] = 0x02;
    for (byte[] b : bad) {
      assertThatThrownBy(() -> MediaFrameHeader.decode(b, 0, 8))
          .isInstanceOf(MalformedFrameException.class);
    }
    assertThatThrownBy(() -> MediaFrameHeader.decode(bytes, 0, 7))
        .isInstanceOf(MalformedFrameException.class);
  }

  private static byte[] headerBytes(MediaFrameHeader header) {
    byte[] out = new byte[MediaFrameHeader.LENGTH];
    header.encodeTo(out, 0);
    return out;
  }
}
