package io.conclave.server;

import io.conclave.server.transport.AddressRange;
import io.conclave.server.transport.RateLimit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of {@code conclave serve}, in one table ({@link #ALL}). Each has one name, used
 * three ways: the flag {@code --NAME VALUE} (or {@code --NAME=VALUE}), the environment variable
 * {@code CONCLAVE_NAME} (upper case, {@code -} → {@code _}) and the key {@code NAME = VALUE} in a
 * config file ({@code --config FILE} or {@code CONCLAVE_CONFIG}). For each setting the first of
 * flag, environment, file, default that has it wins. Unknown flags and unknown file keys are errors;
 * an unknown {@code CONCLAVE_*} variable is reported as a warning (other tools of the project use
 * that prefix too).
 *
 * <p>Adding a setting is one line in {@link #ALL}: name, help, how its default is read from
 * {@link ServerConfig.Builder}'s defaults, and which builder method takes it.
 */
public final class Settings {

  /** Values that are not {@link ServerConfig} fields, and those that combine before building it. */
  static final class Draft {
    final ServerConfig.Builder b = ServerConfig.builder();
    String host = "127.0.0.1";
    Path cert;
    Path key;
    boolean selfSigned;
    String jdbcUrl;
    String dbUser;
    String dbPassword;
    String metricsHost = "127.0.0.1";
    Integer metricsPort = 9464;
    String logFormat = "text";
    String logLevel = "info";
    RateLimit controlRate;
    RateLimit mediaRate;
    RateLimit creationRate;
    int writeBufferLow;
    int writeBufferHigh;

    Draft() {
      ServerConfig d = DEFAULTS;
      controlRate = d.controlRate;
      mediaRate = d.mediaRate;
      creationRate = d.creationRate;
      writeBufferLow = d.writeBufferLow;
      writeBufferHigh = d.writeBufferHigh;
    }
  }

  /** What kind of value a setting takes, for parsing and for the help text. */
  enum Kind { TEXT, INT, BYTES, SECONDS, DECIMAL, BOOLEAN, PATH, LIST }

  /**
   * One setting.
   *
   * @param name the flag without {@code --}, the file key, and (upper-cased) the variable's suffix
   * @param defaultValue the default as shown in {@code --help}, read from the builder's defaults
   * @param secret never printed; not accepted as a flag (command lines are visible to other users)
   */
  record Setting(String name, Kind kind, String help, String defaultValue, boolean secret,
      BiConsumer<Draft, Object> apply) {
    String flag() {
      return "--" + name;
    }

    String env() {
      return "CONCLAVE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  private static final ServerConfig DEFAULTS = ServerConfig.builder().build();

  // The table. Defaults come from ServerConfig.Builder (or Draft for the values it combines).
  static final List<Setting> ALL = List.of(
      s("config", Kind.PATH, "read settings from this file (NAME = VALUE lines)", "none", (d, v) -> { }),
      s("host", Kind.TEXT, "bind address; a non-loopback address implies TLS", "127.0.0.1", (d, v) -> d.host = (String) v),
      s("port", Kind.INT, "port for HTTP and WebSocket", c -> c.port, (d, v) -> d.b.port((int) v)),
      s("data-dir", Kind.PATH, "embedded database and self-signed certificate", c -> c.dataDir,
          (d, v) -> d.b.dataDir((Path) v)),
      s("web-root", Kind.PATH, "serve the web client from this directory instead of the built-in one", "built-in",
          (d, v) -> d.b.webRoot((Path) v)),
      s("tls-cert", Kind.PATH, "PEM certificate chain (with --tls-key); reloaded when the file changes", "none",
          (d, v) -> d.cert = (Path) v),
      s("tls-key", Kind.PATH, "PEM PKCS#8 private key", "none", (d, v) -> d.key = (Path) v),
      s("self-signed", Kind.BOOLEAN, "TLS with a self-signed certificate kept in the data directory", "false",
          (d, v) -> d.selfSigned = (boolean) v),
      s("tls-reload-seconds", Kind.SECONDS, "how often --tls-cert/--tls-key are checked for renewal; 0: never",
          c -> c.tlsReloadInterval.toSeconds(), (d, v) -> d.b.tlsReloadInterval((Duration) v)),
      s("trusted-proxies", Kind.LIST, "comma-separated IPs/CIDRs of reverse proxies whose Forwarded and "
          + "X-Forwarded-* headers are believed", "none",
          (d, v) -> d.b.trustedProxies(((List<?>) v).stream().map(x -> AddressRange.parse((String) x)).toList())),
      s("allow-origin", Kind.LIST, "comma-separated web origins also allowed to open the socket and call the API "
          + "(* for any); always allowed: this relay's origin, http://127.0.0.1:* and localhost (conclave web), "
          + "the Conclave extension, clients that send no Origin", "none",
          (d, v) -> ((List<?>) v).forEach(x -> d.b.allowOrigin((String) x))),
      s("jdbc-url", Kind.TEXT, "database (e.g. jdbc:postgresql://host/db) instead of embedded H2", "embedded H2",
          (d, v) -> d.jdbcUrl = (String) v),
      s("db-user", Kind.TEXT, "database user", "none", (d, v) -> d.dbUser = (String) v),
      secret("db-password", "database password (environment or config file only)", (d, v) -> d.dbPassword = (String) v),
      s("metrics-host", Kind.TEXT, "address of the separate /metrics listener", "127.0.0.1",
          (d, v) -> d.metricsHost = (String) v),
      s("metrics-port", Kind.TEXT, "port of the /metrics listener; off: none", "9464",
          (d, v) -> d.metricsPort = "off".equals(v) ? null : port("metrics-port", (String) v)),
      s("log-format", Kind.TEXT, "text or json (one JSON object per line)", "text", (d, v) -> d.logFormat = oneOf(
          "log-format", (String) v, "text", "json")),
      s("log-level", Kind.TEXT, "error, warn, info, debug or trace", "info", (d, v) -> d.logLevel = oneOf(
          "log-level", (String) v, "error", "warn", "info", "debug", "trace")),
      // Limits: docs/PROTOCOL.md, "Limits".
      s("max-control-bytes", Kind.BYTES, "largest control message (and WebSocket message)", c -> c.maxControlBytes,
          (d, v) -> d.b.maxControlBytes((int) v)),
      s("max-media-frame-bytes", Kind.BYTES, "largest media frame", c -> c.maxMediaFrameBytes,
          (d, v) -> d.b.maxMediaFrameBytes((int) v)),
      s("max-request-bytes", Kind.BYTES, "largest HTTP request", c -> c.maxRequestBytes,
          (d, v) -> d.b.maxRequestBytes((int) v)),
      s("control-rate", Kind.DECIMAL, "control messages per connection per second, sustained",
          c -> fmt(c.controlRate.perSecond()), (d, v) -> d.controlRate = new RateLimit((double) v, d.controlRate.burst())),
      s("control-burst", Kind.INT, "control messages per connection at once", c -> c.controlRate.burst(),
          (d, v) -> d.controlRate = new RateLimit(d.controlRate.perSecond(), (int) v)),
      s("media-rate", Kind.DECIMAL, "media frames per connection per second, sustained",
          c -> fmt(c.mediaRate.perSecond()), (d, v) -> d.mediaRate = new RateLimit((double) v, d.mediaRate.burst())),
      s("media-burst", Kind.INT, "media frames per connection at once", c -> c.mediaRate.burst(),
          (d, v) -> d.mediaRate = new RateLimit(d.mediaRate.perSecond(), (int) v)),
      s("max-participants", Kind.INT, "participants per meeting", c -> c.meetingLimits.maxParticipants(),
          (d, v) -> d.b.maxParticipants((int) v)),
      s("max-meetings", Kind.INT, "open meetings per server", c -> c.meetingLimits.maxMeetings(),
          (d, v) -> d.b.maxMeetings((int) v)),
      s("hello-timeout-seconds", Kind.SECONDS, "time a new connection has to send hello",
          c -> c.helloTimeout.toSeconds(), (d, v) -> d.b.helloTimeout((Duration) v)),
      s("grace-seconds", Kind.SECONDS, "reconnect grace before the server proposes removal",
          c -> c.meetingLimits.reconnectGrace().toSeconds(), (d, v) -> d.b.reconnectGrace((Duration) v)),
      s("meeting-idle-seconds", Kind.SECONDS, "a meeting nobody is in closes after this long",
          c -> c.meetingIdleTimeout.toSeconds(), (d, v) -> d.b.meetingIdleTimeout((Duration) v)),
      s("lobby-timeout-seconds", Kind.SECONDS, "a participant not admitted this long after entering loses its seat (4411)",
          c -> c.lobbyTimeout.toSeconds(), (d, v) -> d.b.lobbyTimeout((Duration) v)),
      secret("creation-token", "bearer token required to create meetings (environment or config file only); "
          + "none: anyone may create", (d, v) -> d.b.creationToken((String) v)),
      s("creation-rate", Kind.DECIMAL, "meetings each client address may create per second, sustained",
          c -> fmt(c.creationRate.perSecond()), (d, v) -> d.creationRate = new RateLimit((double) v, d.creationRate.burst())),
      s("creation-burst", Kind.INT, "meetings each client address may create at once", c -> c.creationRate.burst(),
          (d, v) -> d.creationRate = new RateLimit(d.creationRate.perSecond(), (int) v)),
      s("queue-frames", Kind.INT, "media frames queued per receiver", c -> c.queueLimits.maxFrames(),
          (d, v) -> d.b.queueFrames((int) v)),
      s("queue-bytes", Kind.BYTES, "media bytes queued per receiver", c -> c.queueLimits.maxBytes(),
          (d, v) -> d.b.queueBytes((int) v)),
      s("queue-video-share", Kind.DECIMAL, "fraction of a receiver's queue video may use",
          c -> fmt(c.queueLimits.videoShare()), (d, v) -> d.b.queueVideoShare((double) v)),
      s("write-buffer-low", Kind.BYTES, "connection write buffer: low watermark", c -> c.writeBufferLow,
          (d, v) -> d.writeBufferLow = (int) v),
      s("write-buffer-high", Kind.BYTES, "connection write buffer: above it a receiver is behind",
          c -> c.writeBufferHigh, (d, v) -> d.writeBufferHigh = (int) v),
      s("send-buffer-bytes", Kind.BYTES, "SO_SNDBUF of connections; 0: the OS default", c -> c.sendBufferBytes,
          (d, v) -> d.b.sendBufferBytes((int) v)));

  /** The outcome: the server configuration, the process-wide log settings, and warnings to print. */
  public record Resolved(ServerConfig config, String logFormat, String logLevel, List<String> warnings,
      Map<String, String> effective) {}

  private Settings() {}

  private static Setting s(String name, Kind kind, String help, Object defaultValue, BiConsumer<Draft, Object> apply) {
    return new Setting(name, kind, help, String.valueOf(defaultValue), false, apply);
  }

  private static Setting s(String name, Kind kind, String help, Function<ServerConfig, Object> defaultValue,
      BiConsumer<Draft, Object> apply) {
    return new Setting(name, kind, help, String.valueOf(defaultValue.apply(DEFAULTS)), false, apply);
  }

  private static Setting secret(String name, String help, BiConsumer<Draft, Object> apply) {
    return new Setting(name, Kind.TEXT, help, "none", true, apply);
  }

  static Setting find(String name) {
    for (Setting setting : ALL) {
      if (setting.name.equals(name)) {
        return setting;
      }
    }
    return null;
  }

  /**
   * Resolves the settings from command-line {@code args}, the environment {@code env} and the
   * config file named by either.
   *
   * @throws IllegalArgumentException naming the flag, variable or file line at fault
   */
  public static Resolved resolve(List<String> args, Map<String, String> env) {
    List<String> warnings = new ArrayList<>();
    Map<Setting, Source> flags = parseFlags(args);
    Map<Setting, Source> fromEnv = new LinkedHashMap<>();
    for (var e : new java.util.TreeMap<>(env).entrySet()) {
      if (!e.getKey().startsWith("CONCLAVE_")) {
        continue;
      }
      Setting setting = null;
      for (Setting candidate : ALL) {
        if (candidate.env().equals(e.getKey())) {
          setting = candidate;
        }
      }
      if (setting == null) {
        warnings.add("ignoring unknown environment variable " + e.getKey() + " (not a server setting)");
      } else {
        fromEnv.put(setting, new Source(e.getKey(), e.getValue()));
      }
    }
    Setting config = find("config");
    Source configSource = flags.containsKey(config) ? flags.get(config) : fromEnv.get(config);
    Map<Setting, Source> fromFile = configSource == null ? Map.of() : readFile(Path.of(configSource.value));

    Draft draft = new Draft();
    Map<String, String> effective = new LinkedHashMap<>();
    for (Setting setting : ALL) {
      Source source = flags.get(setting);
      if (source == null) {
        source = fromEnv.get(setting);
      }
      if (source == null) {
        source = fromFile.get(setting);
      }
      if (source == null) {
        effective.put(setting.name, setting.secret ? "(not set)" : setting.defaultValue);
        continue;
      }
      try {
        setting.apply.accept(draft, convert(setting, source.value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source.where + ": " + e.getMessage(), e);
      }
      effective.put(setting.name, setting.secret ? "(set)" : redactUrl(source.value));
    }
    return new Resolved(finish(draft), draft.logFormat, draft.logLevel, List.copyOf(warnings),
        Collections.unmodifiableMap(effective));
  }

  /** Combines what the table collected into a {@link ServerConfig}, as {@code conclave serve} did before. */
  private static ServerConfig finish(Draft d) {
    ServerConfig.Builder b = d.b;
    b.host(d.host).controlRate(d.controlRate).mediaRate(d.mediaRate).creationRate(d.creationRate).writeBuffer(d.writeBufferLow, d.writeBufferHigh);
    if (d.jdbcUrl != null) {
      b.database(d.jdbcUrl, d.dbUser, d.dbPassword);
    }
    if ((d.cert == null) != (d.key == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (d.cert != null) {
      b.tlsFiles(d.cert, d.key);
    } else if (d.selfSigned || !isLoopback(d.host)) {
      b.selfSignedTls();
    }
    if (d.metricsPort != null) {
      b.metricsListener(d.metricsHost, d.metricsPort);
    }
    return b.build();
  }

  /** Where a value came from, for error messages, and the value. */
  private record Source(String where, String value) {}

  private static Map<Setting, Source> parseFlags(List<String> args) {
    Map<Setting, Source> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (options start with --)");
      }
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq < 0 ? arg.length() : eq);
      Setting setting = find(name);
      if (setting == null) {
        throw new IllegalArgumentException("unknown option --" + name + suggestion(name));
      }
      if (setting.secret) {
        throw new IllegalArgumentException("--" + name + " is not accepted on the command line (other users can "
            + "read it there); set " + setting.env() + " or put it in the config file");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (setting.kind == Kind.BOOLEAN) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      out.put(setting, new Source("--" + name, value));
    }
    return out;
  }

  private static final Pattern LINE = Pattern.compile("\\s*([A-Za-z0-9_.-]+)\\s*=\\s*(.*?)\\s*");

  /** A config file: {@code NAME = VALUE} lines, {@code #} comments, blank lines; every name a setting. */
  static Map<Setting, Source> readFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<Setting, Source> out = new LinkedHashMap<>();
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + n;
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException(where + ": expected NAME = VALUE, got '" + line + "'");
      }
      String name = m.group(1);
      Setting setting = find(name);
      if (setting == null || setting.name.equals("config")) {
        throw new IllegalArgumentException(where + ": unknown key '" + name + "'" + suggestion(name)
            + "; the keys are the names in 'conclave serve --help'");
      }
      if (out.containsKey(setting)) {
        throw new IllegalArgumentException(where + ": '" + name + "' is set twice");
      }
      out.put(setting, new Source(where + " (" + name + ")", m.group(2)));
    }
    return out;
  }

  private static String suggestion(String name) {
    String best = null;
    int bestDistance = 3;
    for (Setting s : ALL) {
      int d = distance(name.toLowerCase(Locale.ROOT).replace('_', '-'), s.name);
      if (d < bestDistance) {
        best = s.name;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|k|KiB|m|MiB)");

  private static Object convert(Setting setting, String raw) {
    String v = raw.strip();
    return switch (setting.kind) {
      case TEXT -> v;
      case PATH -> {
        if (v.isEmpty()) {
          throw new IllegalArgumentException("needs a path");
        }
        yield Path.of(v);
      }
      case INT -> integer(v);
      case SECONDS -> {
        long seconds = integer(v);
        if (seconds < 0) {
          throw new IllegalArgumentException("needs a number of seconds ≥ 0, got '" + v + "'");
        }
        yield Duration.ofSeconds(seconds);
      }
      case BYTES -> {
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
          throw new IllegalArgumentException("needs a size in bytes (e.g. 65536, 64KiB, 1MiB), got '" + v + "'");
        }
        long n = Long.parseLong(m.group(1)) * switch (m.group(2)) {
          case "k", "KiB" -> 1024L;
          case "m", "MiB" -> 1024L * 1024;
          default -> 1L;
        };
        if (n > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("size too large: '" + v + "'");
        }
        yield (int) n;
      }
      case DECIMAL -> {
        try {
          yield Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("needs a number, got '" + v + "'");
        }
      }
      case BOOLEAN -> switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "1" -> true;
        case "false", "no", "off", "0" -> false;
        default -> throw new IllegalArgumentException("needs true or false, got '" + v + "'");
      };
      case LIST -> {
        List<String> items = new ArrayList<>();
        for (String item : v.split(",")) {
          if (!item.isBlank()) {
            items.add(item.strip());
          }
        }
        yield items;
      }
    };
  }

  private static int integer(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("needs a whole number, got '" + v + "'");
    }
  }

  private static int port(String name, String v) {
    int p = integer(v);
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("needs a port 0-65535 or off, got '" + v + "'");
    }
    return p;
  }

  private static String oneOf(String name, String v, String... allowed) {
    String lower = v.toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(lower)) {
        return a;
      }
    }
    throw new IllegalArgumentException("needs one of " + String.join(", ", allowed) + ", got '" + v + "'");
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  /** A JDBC URL may carry {@code password=...}: shown as {@code password=***}. */
  static String redactUrl(String value) {
    return value.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***");
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The {@code --help} text: usage, precedence, then one entry per setting with its flag, variable and default. */
  public static String usage() {
    StringBuilder sb = new StringBuilder("""
        usage: conclave serve [--NAME VALUE]...
        Each setting below is a flag (--NAME VALUE or --NAME=VALUE), an environment variable
        (CONCLAVE_NAME) and a config-file key (NAME = VALUE). Precedence: flag, then environment,
        then config file, then the default. Unknown flags and config-file keys are errors.
        Sizes take KiB/MiB suffixes; times are whole seconds.

        """);
    for (Setting s : ALL) {
      String flag = s.secret ? "(no flag)" : s.flag() + (s.kind == Kind.BOOLEAN ? "" : " " + s.kind.name());
      sb.append(String.format("  %-36s %s%n", flag, s.help));
      sb.append(String.format("  %-36s %s, default %s%n", "", s.env(), s.defaultValue));
    }
    return sb.toString();
  }
}
