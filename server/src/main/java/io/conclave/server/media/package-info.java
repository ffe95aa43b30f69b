/**
 * Media forwarding (DESIGN.md, "Relay behaviour"): {@link io.conclave.server.media.ForwardingGroup}
 * fans each encrypted frame of a member out to the other members of a group without copying it
 * (endpoints that are not members neither send nor receive; the meeting says which are), through a
 * bounded {@link io.conclave.server.media.ReceiverQueue} per receiver that drops video before audio
 * and asks senders for keyframes. The relay reads only the clear media-frame header; it never
 * decrypts. This layer knows nothing of meetings or persistence; the transport is behind
 * {@link io.conclave.server.media.MediaEndpoint} (WebSocket now, WebTransport later).
 */
package io.conclave.server.media;
