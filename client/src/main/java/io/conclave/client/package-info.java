/**
 * The Java meeting client (DESIGN.md "Meeting lifecycle"; docs/PROTOCOL.md "Admission"): {@link
 * io.conclave.client.MeetingClient} creates or joins a meeting on an untrusted relay, keeps the MLS
 * group (RFC 9420) in step with the relay's commit order, encrypts media with SFrame keys from
 * the MLS exporter (RFC 9605 §5.2) and chat as MLS application messages, and reports roster,
 * security code, key pins and unauthorised additions to a {@link io.conclave.client.MeetingListener}.
 * {@link io.conclave.client.InviteLink} carries the invite secret in its fragment.
 */
package io.conclave.client;
