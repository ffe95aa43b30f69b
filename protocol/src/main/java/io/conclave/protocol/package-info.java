/**
 * The Conclave client-server wire protocol (docs/PROTOCOL.md), shared by the relay server and
 * the clients: JSON control messages ({@link io.conclave.protocol.control}) and binary media
 * frames ({@link io.conclave.protocol.media}). Pure Java: no network code here. Every decoder
 * bounds its input and fails only with {@link io.conclave.protocol.MalformedMessageException}.
 */
package io.conclave.protocol;
