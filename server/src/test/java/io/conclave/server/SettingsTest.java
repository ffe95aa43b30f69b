package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void precedenceIsFlagThenEnvironmentThenFileThenDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("conclave.conf");
    Files.writeString(file, """
        # a comment
        max-participants = 11
        max-meetings = 12
        grace-seconds = 13

        hello-timeout-seconds = 14
        """);
    Map<String, String> env = Map.of("CONCLAVE_CONFIG", file.toString(),
        "CONCLAVE_MAX_MEETINGS", "22", "CONCLAVE_GRACE_SECONDS", "23");
    ServerConfig c = Settings.resolve(List.of("--grace-seconds", "33"), env).config();
    assertThat(c.meetingLimits.reconnectGrace()).as("flag over env and file").isEqualTo(Duration.ofSeconds(33));
    assertThat(c.meetingLimits.maxMeetings()).as("env over file").isEqualTo(22);
    assertThat(c.meetingLimits.maxParticipants()).as("file over default").isEqualTo(11);
    assertThat(c.helloTimeout).isEqualTo(Duration.ofSeconds(14));
    assertThat(c.maxControlBytes).as("default").isEqualTo(1 << 20);
  }

  @Test
  void configFileByFlagAndEveryKind(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.conf");
    Files.writeString(file, """
        max-control-bytes = 2MiB
        max-media-frame-bytes = 512KiB
        control-rate = 12.5
        control-burst = 40
        queue-video-share = 0.25
        trusted-proxies = 10.0.0.0/8, ::1
        self-signed = true
        db-password = s3cret
        jdbc-url = jdbc:postgresql://db/conclave?password=inurl
        log-format = json
        """);
    Settings.Resolved r = Settings.resolve(List.of("--config=" + file), Map.of());
    ServerConfig c = r.config();
    assertThat(c.maxControlBytes).isEqualTo(2 << 20);
    assertThat(c.maxMediaFrameBytes).isEqualTo(512 << 10);
    assertThat(c.controlRate.perSecond()).isEqualTo(12.5);
    assertThat(c.controlRate.burst()).isEqualTo(40);
    assertThat(c.queueLimits.videoShare()).isEqualTo(0.25);
    assertThat(c.trustedProxies).hasSize(2);
    assertThat(c.tls).isEqualTo(ServerConfig.Tls.SELF_SIGNED);
    assertThat(c.dbPassword).isEqualTo("s3cret");
    assertThat(r.logFormat()).isEqualTo("json");
    // What serve logs at startup names no secret.
    assertThat(r.effective().toString()).doesNotContain("s3cret", "inurl").contains("db-password=(set)");
  }

  @Test
  void unknownKeysFlagsAndBadValuesAreClearErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "port = 9000\nmax-participant = 5\n");
    assertThatThrownBy(() -> Settings.resolve(List.of("--config", file.toString()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.conf line 2")
        .hasMessageContaining("unknown key 'max-participant'")
        .hasMessageContaining("did you mean max-participants?");
    Files.writeString(file, "port 9000\n");
    assertThatThrownBy(() -> Settings.resolve(List.of("--config", file.toString()), Map.of()))
        .hasMessageContaining("line 1").hasMessageContaining("NAME = VALUE");
    Files.writeString(file, "port = 1\nport = 2\n");
    assertThatThrownBy(() -> Settings.resolve(List.of("--config", file.toString()), Map.of()))
        .hasMessageContaining("set twice");
    assertThatThrownBy(() -> Settings.resolve(List.of("--max-meeting", "3"), Map.of()))
        .hasMessageContaining("unknown option --max-meeting").hasMessageContaining("max-meetings");
    assertThatThrownBy(() -> Settings.resolve(List.of(), Map.of("CONCLAVE_PORT", "eighty")))
        .hasMessageContaining("CONCLAVE_PORT").hasMessageContaining("'eighty'");
    assertThatThrownBy(() -> Settings.resolve(List.of("--max-request-bytes", "12 parsecs"), Map.of()))
        .hasMessageContaining("--max-request-bytes");
    assertThatThrownBy(() -> Settings.resolve(List.of("--db-password", "x"), Map.of()))
        .hasMessageContaining("CONCLAVE_DB_PASSWORD");
    assertThatThrownBy(() -> Settings.resolve(List.of("--trusted-proxies", "proxy.example"), Map.of()))
        .hasMessageContaining("--trusted-proxies").hasMessageContaining("proxy.example");
    assertThatThrownBy(() -> Settings.resolve(List.of("--log-format", "xml"), Map.of()))
        .hasMessageContaining("text, json");
    assertThatThrownBy(() -> Settings.resolve(List.of("--config", dir.resolve("missing.conf").toString()), Map.of()))
        .hasMessageContaining("cannot read config file");
  }

  @Test
  void unknownConclaveVariablesAreWarnedAboutOthersIgnored() {
    Settings.Resolved r = Settings.resolve(List.of(), Map.of("CONCLAVE_MAX_PARTICIPANT", "3", "HOME", "/root"));
    assertThat(r.warnings()).singleElement().asString().contains("CONCLAVE_MAX_PARTICIPANT");
    assertThat(r.config().meetingLimits.maxParticipants()).isEqualTo(100);
  }

  @Test
  void everySettingCanBeSetByFlagEnvironmentAndFile(@TempDir Path dir) throws Exception {
    for (Settings.Setting s : Settings.ALL) {
      if (s.name().equals("config")) {
        continue;
      }
      String value = sample(s);
      // The certificate and key go together: the other one comes by flag each time.
      List<String> partner = s.name().equals("tls-cert") ? List.of("--tls-key=/tmp/k")
          : s.name().equals("tls-key") ? List.of("--tls-cert=/tmp/c")
          : s.name().startsWith("db-") ? List.of("--jdbc-url=jdbc:h2:mem:x") : List.of();
      Path file = dir.resolve(s.name() + ".conf");
      Files.writeString(file, s.name() + " = " + value + "\n");
      List<String> fileArgs = new ArrayList<>(partner);
      fileArgs.addAll(List.of("--config", file.toString()));
      Map<String, String> viaFile = new java.util.HashMap<>(Settings.resolve(fileArgs, Map.of()).effective());
      Map<String, String> viaEnv = Settings.resolve(partner, Map.of(s.env(), value)).effective();
      viaFile.put("config", viaEnv.get("config"));
      assertThat(viaFile.get(s.name())).as(s.name() + " by file").isNotEqualTo(s.secret() ? "(not set)" : s.defaultValue());
      assertThat(viaEnv).as(s.name() + " by env").isEqualTo(viaFile);
      // And the value reaches the configuration (or the log settings), not just the table.
      Settings.Resolved set = Settings.resolve(partner, Map.of(s.env(), value));
      // (the certificate and key cannot be left out alone: compare with another path instead)
      Settings.Resolved unset = Settings.resolve(partner,
          s.name().startsWith("tls-") && s.kind() == Settings.Kind.PATH ? Map.of(s.env(), "/tmp/other") : Map.of());
      assertThat(fields(set.config()) + set.logFormat() + set.logLevel()).as(s.name() + " takes effect")
          .isNotEqualTo(fields(unset.config()) + unset.logFormat() + unset.logLevel());
      if (!s.secret()) {
        List<String> flagArgs = new ArrayList<>(partner);
        flagArgs.add(s.flag() + "=" + value);
        Map<String, String> viaFlag = Settings.resolve(flagArgs, Map.of()).effective();
        assertThat(viaFlag).as(s.name() + " by flag").isEqualTo(viaFile);
      }
    }
  }

  /** The public fields of a configuration, as text. */
  private static String fields(ServerConfig c) throws IllegalAccessException {
    StringBuilder sb = new StringBuilder();
    for (java.lang.reflect.Field f : ServerConfig.class.getFields()) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        sb.append(f.getName()).append('=').append(f.get(c)).append('\n');
      }
    }
    return sb.toString();
  }

  /** A valid value different from the default. */
  private static String sample(Settings.Setting s) {
    return switch (s.name()) {
      case "host" -> "::1";
      case "log-format" -> "json";
      case "log-level" -> "debug";
      case "metrics-port" -> "off";
      case "trusted-proxies" -> "10.0.0.0/8";
      case "allow-origin" -> "https://a.example,chrome-extension://abcdefghijklmnopabcdefghijklmnop";
      case "self-signed" -> "true";
      case "queue-video-share" -> "0.75";
      case "write-buffer-low" -> "1024";
      case "max-media-frame-bytes" -> "1024";
      case "max-request-bytes" -> "2048";
      default -> switch (s.kind()) {
        case INT, BYTES, SECONDS -> String.valueOf(Integer.parseInt(s.defaultValue()) + 7);
        case DECIMAL -> String.valueOf(Double.parseDouble(s.defaultValue()) + 7);
        case PATH -> "/tmp/x";
        default -> "value-" + s.name();
      };
    };
  }

  /** docs/PROTOCOL.md's limits table names, for each limit, a setting that exists, with its variable. */
  @Test
  void theProtocolLimitsTableNamesRealSettings() throws Exception {
    String protocol = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    int start = protocol.indexOf("### Limits");
    String table = protocol.substring(start, protocol.indexOf("\n## ", start));
    Matcher m = Pattern.compile("`--([a-z-]+)`").matcher(table);
    List<String> named = new ArrayList<>();
    while (m.find()) {
      named.add(m.group(1));
      Settings.Setting s = Settings.find(m.group(1));
      assertThat(s).as("setting --" + m.group(1) + " in PROTOCOL.md").isNotNull();
      assertThat(table).contains("`" + s.env() + "`");
    }
    assertThat(named).contains("max-control-bytes", "max-media-frame-bytes", "max-request-bytes", "control-rate",
        "control-burst", "media-rate", "media-burst", "max-participants", "max-meetings", "hello-timeout-seconds",
        "grace-seconds");
  }

  @Test
  void helpListsEverySettingWithItsVariable() {
    String usage = Settings.usage();
    for (Settings.Setting s : Settings.ALL) {
      assertThat(usage).contains(s.env());
    }
  }
}
