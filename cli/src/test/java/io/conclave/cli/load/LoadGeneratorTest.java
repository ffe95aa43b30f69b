package io.conclave.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.cli.testing.LoopbackServer;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every attack, without honest clients: each connection ends with a code its attack allows. */
class LoadGeneratorTest {
  @TempDir Path dir;

  @Test
  void everyAttackEndsWithItsDocumentedCloseCode() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(dir)) {
      LoadReport report = new LoadGenerator(LoadOptions.of(server.uri(), null, 4, 3000, 1)).run();
      System.out.println("load: " + report);
      assertThat(report.messages()).isGreaterThanOrEqualTo(3000);
      assertThat(report.played().keySet())
          .isEqualTo(EnumSet.complementOf(EnumSet.of(Attack.GARBAGE_MEDIA)));
      assertThat(report.unexpected()).isEmpty();
      assertThat(server.healthy()).isTrue();
    }
  }
}
