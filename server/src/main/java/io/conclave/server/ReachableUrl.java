package io.conclave.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address to tell people: never {@code https://0.0.0.0:…}, which no browser can open. A
 * wildcard bind is announced by this machine's host name (which the self-signed certificate
 * names), and the loopback URL for this machine.
 */
public final class ReachableUrl {
  private ReachableUrl() {}

  /** The URL(s) to print for a relay bound to {@code host}:{@code port}. */
  public static String describe(String host, int port, boolean tls) {
    String scheme = tls ? "https" : "http";
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return scheme + "://" + host + ":" + port;
    }
    if (address.isAnyLocalAddress()) {
      return scheme + "://" + localHostName() + ":" + port + " (all addresses; on this machine " + scheme
          + "://localhost:" + port + ")";
    }
    String shown = address instanceof Inet6Address && host.contains(":") ? "[" + host + "]" : host;
    return scheme + "://" + shown + ":" + port;
  }

  /** This machine's host name, or {@code localhost} if it has none that resolves. */
  public static String localHostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name == null || name.isBlank() ? "localhost" : name;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
