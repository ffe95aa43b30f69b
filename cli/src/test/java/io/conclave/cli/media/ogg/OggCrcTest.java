package io.conclave.cli.media.ogg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OggCrcTest {
  /**
   * The Ogg CRC is CRC-32/POSIX (polynomial 0x04c11db7, init 0, unreflected) without POSIX's final
   * inversion; CRC-32/POSIX's published check value for "123456789" is 0x765e7680.
   */
  @Test
  void matchesTheCatalogueCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(~OggCrc.update(0, check, 0, check.length)).isEqualTo(0x765e7680);
  }

  @Test
  void updatesIncrementally() {
    byte[] b = "Ogg pages are checked".getBytes(StandardCharsets.US_ASCII);
    int whole = OggCrc.update(0, b, 0, b.length);
    assertThat(OggCrc.update(OggCrc.update(0, b, 0, 7), b, 7, b.length - 7)).isEqualTo(whole);
  }
}
