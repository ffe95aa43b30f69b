package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void defaultsArePlainHttpOnLoopback() {
    ServerConfig c = Main.parse(List.of());
    assertThat(c.host).isEqualTo("127.0.0.1");
    assertThat(c.port).isEqualTo(8443);
    assertThat(c.tls).isEqualTo(ServerConfig.Tls.NONE);
    assertThat(c.jdbcUrl).isNull();
  }

  @Test
  void aPublicAddressGetsTlsAndPlainHttpThereIsRefused() {
    assertThat(Main.parse(List.of("--host", "0.0.0.0")).tls).isEqualTo(ServerConfig.Tls.SELF_SIGNED);
    assertThatThrownBy(() -> ServerConfig.builder().host("0.0.0.0").plain().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
  }

  @Test
  void optionsAreParsed() {
    ServerConfig c = Main.parse(List.of("--port", "9000", "--grace-seconds", "5", "--max-participants", "7",
        "--jdbc-url", "jdbc:postgresql://db/conclave", "--db-user", "relay", "--self-signed"));
    assertThat(c.port).isEqualTo(9000);
    assertThat(c.meetingLimits.reconnectGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.meetingLimits.maxParticipants()).isEqualTo(7);
    assertThat(c.jdbcUrl).isEqualTo("jdbc:postgresql://db/conclave");
    assertThat(c.dbUser).isEqualTo("relay");
    assertThat(c.tls).isEqualTo(ServerConfig.Tls.SELF_SIGNED);
    assertThatThrownBy(() -> Main.parse(List.of("--tls-cert", "x.pem"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Main.parse(List.of("--bogus"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Main.parse(List.of("--port", "x"))).isInstanceOf(IllegalArgumentException.class);
  }
}
