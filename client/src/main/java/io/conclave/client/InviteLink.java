package io.conclave.client;

import io.conclave.client.admission.InviteSecret;
import io.conclave.protocol.Ids;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * An invite link {@code https://HOST/m/ID#SECRET}: the server, the meeting id and, in the
 * fragment, the invite secret. Browsers never send a fragment to the server, and neither does this
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
    if (path == null || !path.startsWith("/m/") || uri.getRawFragment() == null || uri.getRawQuery() != null) {
      throw new IllegalArgumentException("an invite link looks like https://HOST/m/ID#SECRET");
    }
    URI server = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    return new InviteLink(server, path.substring(3), InviteSecret.parse(uri.getRawFragment()));
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
