package io.conclave.sframe.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.sframe.MalformedFrameException;
import io.conclave.sframe.testing.SFrameVectors;
import io.conclave.sframe.testing.VectorTally;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * RFC 9605 §4.3 and the {@code header} vectors (Appendix C.1): for each {@code kid}, {@code ctr}
 * and {@code encoded}, encoding gives {@code encoded} and decoding gives back {@code kid} and
 * {@code ctr}, consuming exactly the header.
 */
class SFrameHeaderTest {

  @Test
  void officialVectors() {
    VectorTally tally = new VectorTally("header");
    int i = 0;
    for (JsonNode v : SFrameVectors.section("header")) {
      long kid = SFrameVectors.u64(v, "kid");
      long ctr = SFrameVectors.u64(v, "ctr");
      byte[] encoded = SFrameVectors.hex(v, "encoded");
      tally.check("header " + i++, () -> {
        SFrameHeader header = new SFrameHeader(kid, ctr);
        assertThat(header.encode()).isEqualTo(encoded);
        assertThat(header.encodedLength()).isEqualTo(encoded.length);
        byte[] withTrailer = new byte[encoded.length + 3];
        System.arraycopy(encoded, 0, withTrailer, 1, encoded.length);
        assertThat(SFrameHeader.decodeLength(withTrailer, 1, encoded.length + 2))
            .isEqualTo(encoded.length);
        assertThat(SFrameHeader.decode(withTrailer, 1, encoded.length + 2)).isEqualTo(header);
      });
    }
    tally.finish();
  }

  @Test
  void truncatedHeadersAreRejected() {
    byte[] full = new SFrameHeader(0x1234, 0xffffffffL).encode();
    for (int len = 0; len < full.length; len++) {
      int n = len;
      assertThatThrownBy(() -> SFrameHeader.decode(full, 0, n))
          .isInstanceOf(MalformedFrameException.class);
    }
  }

  @Test
  void nonMinimalEncodingsAreRejected() {
    HexFormat hex = HexFormat.of();
    // KID 5 in an extended one-byte field, where it must sit in the config byte.
    assertThatThrownBy(() -> SFrameHeader.decode(hex.parseHex("8005"), 0, 2))
        .isInstanceOf(MalformedFrameException.class);
    // CTR 0x10 in two bytes with a leading zero.
    assertThatThrownBy(() -> SFrameHeader.decode(hex.parseHex("090010"), 0, 3))
        .isInstanceOf(MalformedFrameException.class);
  }

  @Test
  void unsignedExtremesRoundTrip() {
    SFrameHeader max = new SFrameHeader(-1L, -1L);
    byte[] encoded = max.encode();
    assertThat(encoded).hasSize(SFrameHeader.MAX_LENGTH);
    assertThat(SFrameHeader.decode(encoded, 0, encoded.length)).isEqualTo(max);
    assertThat(max.toString()).contains("18446744073709551615");
  }
}
