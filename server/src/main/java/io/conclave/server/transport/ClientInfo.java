package io.conclave.server.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Who is at the other end of a connection: the client's address and whether it reached the relay
 * over TLS — the TCP peer and the relay's own TLS, or, behind a trusted reverse proxy, what the
 * proxy forwarded ({@link ForwardedHeaders}). Set on the channel by the HTTP handler for every
 * request, the WebSocket upgrade included.
 */
public record ClientInfo(InetAddress address, boolean secure) {
  static final AttributeKey<ClientInfo> KEY = AttributeKey.valueOf("conclave.client");

  /** The channel's client as resolved from its latest request; before any, its TCP peer. */
  public static ClientInfo of(Channel channel) {
    ClientInfo info = channel.attr(KEY).get();
    if (info != null) {
      return info;
    }
    InetAddress peer = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    return new ClientInfo(peer, channel.pipeline().get("tls") != null);
  }
}
