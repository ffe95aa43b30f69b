package io.conclave.server.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.regex.Pattern;

/**
 * The headers that pin what a page from this relay may run and load (docs/PROTOCOL.md, "Static
 * files"; docs/SECURITY.md, "Trusting the web client"), on every HTTP response:
 *
 * <ul>
 *   <li>{@code Content-Security-Policy}: scripts only from this origin (index.html carries SRI for
 *       each) and from {@code blob:} URLs, which only already running script can make: the client
 *       runs its workers and its audio worklet from Blob URLs of integrity-checked bytes. No inline
 *       script, no {@code eval}, no inline style; connections only to this origin and its
 *       WebSocket; no framing, no {@code <base>}, no forms, no plugins.
 *   <li>{@code Referrer-Policy: no-referrer}: an invite link's path (the meeting id) leaks nowhere.
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code Cache-Control: no-store}.
 *   <li>{@code Strict-Transport-Security} when the relay speaks TLS.
 * </ul>
 */
public final class SecurityHeaders {
  /** The policy, with {@code CONNECT} standing for the connect-src sources. */
  private static final String POLICY = "default-src 'none'; script-src 'self' blob:; worker-src 'self' blob:; "
      + "style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src CONNECT; "
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
  public static final String REFERRER_POLICY = "no-referrer";
  public static final String HSTS = "max-age=31536000";
  /** A Host header fit to be named in the policy: a DNS name or IP literal and an optional port. */
  private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\])(?::[0-9]{1,5})?");

  private SecurityHeaders() {}

  /**
   * The Content-Security-Policy for a request that named {@code host} (its Host header, may be
   * null): {@code connect-src 'self'} plus the relay's WebSocket origin ({@code wss://HOST} with
   * TLS, {@code ws://HOST} without) when the Host header is a plain host[:port].
   */
  public static String contentSecurityPolicy(String host, boolean tls) {
    String connect = "'self'";
    if (host != null && HOST.matcher(host).matches()) {
      connect += (tls ? " wss://" : " ws://") + host;
    }
    return POLICY.replace("CONNECT", connect);
  }

  static void set(HttpHeaders headers, String host, boolean tls) {
    headers.set("Content-Security-Policy", contentSecurityPolicy(host, tls));
    headers.set("Referrer-Policy", REFERRER_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    if (tls) {
      headers.set("Strict-Transport-Security", HSTS);
    }
  }
}
