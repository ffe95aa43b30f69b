/**
 * Control messages (docs/PROTOCOL.md, "WebSocket signalling and delivery service"): one record per
 * message type, {@link io.conclave.protocol.control.ClientMessage} for client to server and
 * {@link io.conclave.protocol.control.ServerMessage} for server to client, encoded as versioned
 * JSON by {@link io.conclave.protocol.control.ControlCodec}. MLS messages travel inside them as
 * base64 of their RFC 9420 §6 {@code MLSMessage} encoding; the server reads only their clear
 * header fields.
 */
package io.conclave.protocol.control;
