package io.conclave.sframe.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 9605 §5.2 KID layout, checked against the example sequence of the RFC's Figure 14. */
class MlsKeyIdTest {

  @Test
  void rfcExampleWithFourEpochBitsAndSixIndexBits() {
    int s = MlsKeyId.senderIndexBits(64);
    assertThat(s).isEqualTo(6);
    assertThat(MlsKeyId.compose(0, 3, 14, s, 4)).isEqualTo(0x3e);
    assertThat(MlsKeyId.compose(0, 7, 14, s, 4)).isEqualTo(0x7e);
    assertThat(MlsKeyId.compose(0, 20, 14, s, 4)).isEqualTo(0x14e);
    assertThat(MlsKeyId.compose(0, 3, 15, s, 4)).isEqualTo(0x3f);
    assertThat(MlsKeyId.compose(0, 5, 15, s, 4)).isEqualTo(0x5f);
    assertThat(MlsKeyId.compose(2, 2, 16, s, 4)).isEqualTo(0x820);
    assertThat(MlsKeyId.compose(3, 2, 16, s, 4)).isEqualTo(0xc20);
    assertThat(MlsKeyId.compose(0, 33, 17, s, 4)).isEqualTo(0x211);
    assertThat(MlsKeyId.compose(0, 51, 17, s, 4)).isEqualTo(0x331);
  }

  @Test
  void fieldsComeBackOut() {
    long kid = MlsKeyId.compose(3, 2, 16, 6, 4);
    assertThat(MlsKeyId.epochLowBits(kid, 4)).isZero();
    assertThat(MlsKeyId.senderIndex(kid, 6, 4)).isEqualTo(2);
    assertThat(MlsKeyId.context(kid, 6, 4)).isEqualTo(3);
  }

  @Test
  void senderIndexBitsIsTheSmallestThatFits() {
    assertThat(MlsKeyId.senderIndexBits(1)).isZero();
    assertThat(MlsKeyId.senderIndexBits(2)).isEqualTo(1);
    assertThat(MlsKeyId.senderIndexBits(3)).isEqualTo(2);
    assertThat(MlsKeyId.senderIndexBits(64)).isEqualTo(6);
    assertThat(MlsKeyId.senderIndexBits(65)).isEqualTo(7);
    assertThatThrownBy(() -> MlsKeyId.senderIndexBits(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valuesThatDoNotFitAreRefused() {
    assertThatThrownBy(() -> MlsKeyId.compose(0, 64, 1, 6, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MlsKeyId.compose(1L << 54, 0, 1, 6, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
