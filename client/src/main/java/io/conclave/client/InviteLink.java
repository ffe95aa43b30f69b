package io.conclave.client;

import io.conclave.admission.InviteSecret;
import io.conclave.protocol.Ids;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * An invite link {@code https://HOST/m/ID#SECRET}: the server, the meeting id and, in the
 * fragment, the invite secret. A client address that does not run from the relay names it in
 * {@code relay=} ({@code http://127.0.0.1:PORT/m/ID?relay=https://HOST#SECRET} from
 * {@code conclave web}, {@code chrome-extension://EXT/index.html?m=ID&relay=…} from the extension;
 * docs/PROTOCOL.md, "Invite links and client origins"); without it the link's origin is the relay. Browsers never send a fragment to the server, and neither does this
 * client: only {@link #server()} and {@link #meetingId()} are used on the wire. {@code http} is
 * accepted for loopback tests. Not a record: it holds the secret.
 */
public final class InviteLink {
  private final URI server;
  private final String meetingId;
  private final InviteSecret secret;

  public InviteLink(URI server, String meetingId, InviteSecret secret) {
    this.server = requireServer(server);
    this.meetingId = Ids.require(meetingId, "meeting id");
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  /**
   * @throws IllegalArgumentException if it is not an http(s) link of the form above
   */
  public static InviteLink parse(String link) {
    URI uri;
    try {
      uri = new URI(link);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a link", e);
    }
    String path = uri.getRawPath();
    java.util.Map<String, String> query = query(uri.getRawQuery());
    String id = path != null && path.startsWith("/m/") ? path.substring(3) : query.get("m");
    if (id == null || uri.getRawFragment() == null || !java.util.Set.of("relay", "m").containsAll(query.keySet())) {
      throw new IllegalArgumentException("an invite link looks like https://HOST/m/ID#SECRET");
    }
    URI server;
    if (query.containsKey("relay")) {
      URI relay = URI.create(query.get("relay"));
      server = URI.create(relay.getScheme() + "://" + relay.getRawAuthority());
    } else {
      server = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }
    return new InviteLink(server, id, InviteSecret.parse(uri.getRawFragment()));
  }

  /** The query's parameters (each once), decoded. */
  private static java.util.Map<String, String> query(String raw) {
    java.util.Map<String, String> params = new java.util.HashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      if (params.put(key, value) != null) {
        throw new IllegalArgumentException("parameter " + key + " twice in the link");
      }
    }
    return params;
  }

  /** The server's base URI, e.g. {@code https://host:8443}. */
  public URI server() {
    return server;
  }

  public String meetingId() {
    return meetingId;
  }

  public InviteSecret secret() {
    return secret;
  }

  /** The link to share; it contains the secret, so share it only with people to admit. */
  public String format() {
    return server + "/m/" + meetingId + "#" + secret.encoded();
  }

  /** Without the secret, so it can be logged. */
  @Override
  public String toString() {
    return server + "/m/" + meetingId + "#…";
  }

  private static URI requireServer(URI server) {
    String scheme = server.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme) || server.getRawAuthority() == null) {
      throw new IllegalArgumentException("server must be an http(s) URI with a host");
    }
    return server;
  }
}
