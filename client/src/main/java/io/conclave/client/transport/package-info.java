/**
 * The client side of the relay protocol (docs/PROTOCOL.md): the HTTP API that creates meetings
 * ({@link io.conclave.client.transport.MeetingApi}) and one WebSocket per participant carrying JSON
 * control messages and binary media frames ({@link io.conclave.client.transport.RelayConnection}).
 * Only the JDK's {@code java.net.http} client is used. Nothing here sees a key or a plaintext.
 */
package io.conclave.client.transport;
