package io.conclave.server.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which web origins may open the relay's WebSocket and call its HTTP API (docs/PROTOCOL.md,
 * "Invite links and client origins"; docs/SECURITY.md, "Trusting the web client").
 *
 * <p>Allowed: a request with no {@code Origin} (not a browser page: the Java client, curl);
 * the relay's own origin; a loopback {@code http} origin on any port ({@code conclave web});
 * the Conclave extension, {@code chrome-extension://}{@value #EXTENSION_ID}; and each configured
 * origin ({@code --allow-origin}: an exact origin, or {@code *} for any). Anything else, an
 * arbitrary web site, is refused (HTTP 403).
 *
 * <p>What this protects: it keeps other sites from using visitors' browsers to open meetings and
 * sockets on this relay. It is not what keeps meetings confidential (MLS and SFrame do, whoever
 * connects), and it binds only browsers: any other program can send any {@code Origin}.
 */
public final class OriginPolicy {
  /**
   * The extension's id, fixed by the public key in its manifest (web/extension/manifest.json):
   * the first 128 bits of SHA-256 of that key, hex digits mapped to {@code a}–{@code p}.
   */
  public static final String EXTENSION_ID = "halbiaolbgjpbnienfecabcdolenhbmi";
  public static final String EXTENSION_ORIGIN = "chrome-extension://" + EXTENSION_ID;
  private static final Pattern LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|localhost|\\[::1]");

  private final Set<String> allowed;
  private final boolean any;

  /** @param configured further origins ({@code scheme://host[:port]}, {@code chrome-extension://ID}, or {@code *}) */
  public OriginPolicy(List<String> configured) {
    this.any = configured.contains("*");
    this.allowed = configured.stream().filter(o -> !o.equals("*")).map(OriginPolicy::normalize)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  public static OriginPolicy defaults() {
    return new OriginPolicy(List.of());
  }

  /**
   * Whether a request carrying {@code origin} (null when absent) and {@code host} (its Host header)
   * to this relay ({@code tls}) is allowed.
   */
  public boolean allows(String origin, String host, boolean tls) {
    if (origin == null) {
      return true;
    }
    if (any || origin.equals(EXTENSION_ORIGIN)) {
      return true;
    }
    URI uri = parse(origin);
    if (uri == null) {
      return false; // includes "null", the origin of sandboxed and file pages
    }
    if (isSameOrigin(uri, host, tls)) {
      return true;
    }
    if ("http".equals(uri.getScheme()) && LOOPBACK.matcher(uri.getHost()).matches()) {
      return true;
    }
    return allowed.contains(normalize(origin));
  }

  /** Whether {@code origin} is this relay's own (so no CORS headers are needed). */
  public static boolean isSameOrigin(String origin, String host, boolean tls) {
    URI uri = origin == null ? null : parse(origin);
    return uri != null && isSameOrigin(uri, host, tls);
  }

  private static boolean isSameOrigin(URI origin, String host, boolean tls) {
    if (host == null || !origin.getScheme().equals(tls ? "https" : "http")) {
      return false;
    }
    URI relay = parse((tls ? "https://" : "http://") + host);
    return relay != null && relay.getHost().equalsIgnoreCase(origin.getHost()) && port(relay) == port(origin);
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  /** An origin {@code scheme://host[:port]} with nothing else, or null. */
  private static URI parse(String origin) {
    try {
      URI uri = new URI(origin);
      if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String normalize(String origin) {
    URI uri = parse(origin);
    if (uri == null) {
      throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean defaultPort = uri.getPort() == -1 || (scheme.equals("https") && uri.getPort() == 443)
        || (scheme.equals("http") && uri.getPort() == 80);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + uri.getPort());
  }
}
