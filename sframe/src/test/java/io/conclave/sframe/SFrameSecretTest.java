package io.conclave.sframe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The secret type: never printed, compared in constant time, wiped by destroy. */
class SFrameSecretTest {

  @Test
  void toStringShowsOnlyTheLength() {
    SFrameSecret secret = SFrameSecret.copyOf(new byte[] {0x41, 0x42, 0x43, 0x44});
    assertThat(secret.toString()).isEqualTo("SFrameSecret[4 bytes]").doesNotContain("41");
  }

  @Test
  void equalityIsByContentOnlyThroughConstantTimeComparison() {
    SFrameSecret a = SFrameSecret.copyOf(new byte[] {1, 2, 3});
    SFrameSecret b = SFrameSecret.copyOf(new byte[] {1, 2, 3});
    assertThat(a.equalsConstantTime(b)).isTrue();
    assertThat(a.equalsConstantTime(new byte[] {1, 2, 4})).isFalse();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void destroyWipesAndForbidsAccess() {
    byte[] bytes = {7, 7, 7};
    SFrameSecret secret = SFrameSecret.wrap(bytes);
    SFrameSecret same = SFrameSecret.copyOf(bytes);
    secret.destroy();
    assertThat(bytes).containsOnly(0);
    assertThat(secret.isDestroyed()).isTrue();
    assertThat(secret.equalsConstantTime(same)).isFalse();
    assertThat(secret.toString()).contains("destroyed");
    assertThatThrownBy(secret::copy).isInstanceOf(IllegalStateException.class);
  }
}
