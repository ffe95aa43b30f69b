/**
 * The Netty transport: one port for HTTP and WebSocket, TLS or loopback-only plain HTTP, set up
 * by {@link io.conclave.server.transport.ServerChannelInitializer}. Handlers enforce the limits of
 * docs/PROTOCOL.md and close an offending connection with its documented close code; media frames
 * go to the forwarding layer on the event loop, control messages to the delivery service on a
 * separate executor group.
 */
package io.conclave.server.transport;
