package io.conclave.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {
  private static final InetAddress PROXY = ip("10.0.0.5");
  private static final InetAddress STRANGER = ip("203.0.113.9");
  private final ForwardedHeaders forwarded = new ForwardedHeaders(
      List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("::1")));

  @Test
  void headersFromAnUntrustedPeerAreIgnored() {
    HttpHeaders h = headers("X-Forwarded-For", "198.51.100.1", "X-Forwarded-Proto", "https",
        "Forwarded", "for=198.51.100.2;proto=https");
    ClientInfo client = forwarded.resolve(STRANGER, false, h);
    assertThat(client.address()).isEqualTo(STRANGER);
    assertThat(client.secure()).isFalse();
  }

  @Test
  void aTrustedProxyIsBelievedAndASpoofedPrefixIsNot() {
    // The client sent "X-Forwarded-For: 1.2.3.4" itself; the proxy appended the real address.
    ClientInfo client = forwarded.resolve(PROXY, false,
        headers("X-Forwarded-For", "1.2.3.4, 198.51.100.1", "X-Forwarded-Proto", "https"));
    assertThat(client.address()).isEqualTo(ip("198.51.100.1"));
    assertThat(client.secure()).isTrue();
  }

  @Test
  void chainsOfTrustedProxiesAreWalkedFromTheRight() {
    ClientInfo client = forwarded.resolve(PROXY, true, headers("X-Forwarded-For", "198.51.100.1, 10.1.1.1"));
    assertThat(client.address()).isEqualTo(ip("198.51.100.1"));
    assertThat(client.secure()).as("no proto header: the relay's own TLS").isTrue();
  }

  @Test
  void rfc7239ForwardedIsPreferred() {
    ClientInfo client = forwarded.resolve(ip("::1"), false, headers(
        "Forwarded", "for=1.2.3.4, for=\"[2001:db8::7]:4711\";proto=https",
        "X-Forwarded-For", "9.9.9.9"));
    assertThat(client.address()).isEqualTo(ip("2001:db8::7"));
    assertThat(client.secure()).isTrue();
  }

  @Test
  void garbageEndsTheChainAtTheProxy() {
    ClientInfo client = forwarded.resolve(PROXY, false, headers("X-Forwarded-For", "evil.example"));
    assertThat(client.address()).isEqualTo(PROXY);
  }

  @Test
  void rangesAreLiteralsOnly() {
    assertThat(AddressRange.parse("192.168.0.0/16").contains(ip("192.168.44.1"))).isTrue();
    assertThat(AddressRange.parse("192.168.0.0/16").contains(ip("192.169.0.1"))).isFalse();
    assertThat(AddressRange.parse("127.0.0.1").contains(ip("::ffff:127.0.0.1"))).isTrue();
    assertThatThrownBy(() -> AddressRange.parse("proxy.example")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
  }

  private static HttpHeaders headers(String... pairs) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < pairs.length; i += 2) {
      h.add(pairs[i], pairs[i + 1]);
    }
    return h;
  }

  private static InetAddress ip(String literal) {
    return AddressRange.literalAddress(literal);
  }
}
