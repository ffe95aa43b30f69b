package io.conclave.server.transport;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reverse-proxy mode: reads {@code Forwarded} (RFC 7239) or else {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto}, but only when the TCP peer is one of the configured trusted proxies.
 * From any other peer these headers are ignored: anyone can send them.
 *
 * <p>The client address is found by walking the forwarded chain from the right (the hop nearest the
 * relay) past trusted proxies: the first address that is not a trusted proxy is the client. So a
 * client that prepends its own {@code X-Forwarded-For: 1.2.3.4} through a trusted proxy gets no
 * further than its real address, which the proxy appended. The scheme is the one the nearest
 * trusted proxy reports.
 */
public final class ForwardedHeaders {
  private final List<AddressRange> trusted;

  public ForwardedHeaders(List<AddressRange> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  public boolean isTrusted(InetAddress address) {
    if (address == null) {
      return false;
    }
    for (AddressRange range : trusted) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param peer the TCP peer's address
   * @param tls whether the relay itself speaks TLS on this connection
   */
  public ClientInfo resolve(InetAddress peer, boolean tls, HttpHeaders headers) {
    if (!isTrusted(peer)) {
      return new ClientInfo(peer, tls);
    }
    List<String> forwarded = headers.getAll("Forwarded");
    List<String> hops = new ArrayList<>();
    String proto = null;
    if (!forwarded.isEmpty()) {
      for (String element : splitList(String.join(",", forwarded))) {
        String forValue = null;
        for (String pair : element.split(";")) {
          int eq = pair.indexOf('=');
          if (eq < 0) {
            continue;
          }
          String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
          String value = unquote(pair.substring(eq + 1).trim());
          if (name.equals("for")) {
            forValue = value;
          } else if (name.equals("proto")) {
            proto = value; // the last element's proto: the nearest proxy's
          }
        }
        hops.add(forValue == null ? "" : stripPort(forValue));
      }
    } else {
      hops.addAll(splitList(String.join(",", headers.getAll("X-Forwarded-For"))));
      List<String> protos = splitList(String.join(",", headers.getAll("X-Forwarded-Proto")));
      proto = protos.isEmpty() ? null : protos.get(protos.size() - 1);
    }
    InetAddress client = peer;
    for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
      InetAddress hop = AddressRange.literalAddress(hops.get(i));
      if (hop == null) {
        break; // "unknown", an obfuscated identifier or garbage: the chain ends at the last trusted hop
      }
      client = hop;
    }
    boolean secure = proto == null ? tls : proto.trim().equalsIgnoreCase("https") || proto.trim().equalsIgnoreCase("wss");
    return new ClientInfo(client, secure);
  }

  private static List<String> splitList(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  /** {@code 192.0.2.1:4711} → {@code 192.0.2.1}; {@code [2001:db8::1]:4711} → {@code [2001:db8::1]}. */
  private static String stripPort(String node) {
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      return close < 0 ? node : node.substring(0, close + 1);
    }
    int colon = node.indexOf(':');
    return colon >= 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
  }
}
