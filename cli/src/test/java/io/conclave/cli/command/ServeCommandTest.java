package io.conclave.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code conclave cli serve} takes the server's settings as they are, in order, and no others. */
class ServeCommandTest {

  @Test
  void passesEverySettingOnToTheServersTable() {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--port", "9000", "--max-participants=7", "--self-signed", "--metrics-port", "off");
    assertThat(serve.settings).containsExactly("--port", "9000", "--max-participants=7", "--self-signed",
        "--metrics-port", "off");
    var config = Settings.resolve(serve.settings, Map.of()).config();
    assertThat(config.port).isEqualTo(9000);
    assertThat(config.meetingLimits.maxParticipants()).isEqualTo(7);
    assertThat(config.metricsHost).isNull();
  }

  @Test
  void anUnknownSettingIsAnErrorExitCode() {
    assertThat(new CommandLine(new ServeCommand()).execute("--max-participant", "7")).isEqualTo(2);
  }
}
