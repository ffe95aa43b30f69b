/**
 * Message framing (RFC 9420 §6): {@code MLSMessage} and its wire formats, the framed content with
 * its sender and authentication data, {@code PublicMessage}, {@code PrivateMessage} and
 * {@code SenderData}. Wire structures only: signing, membership tags and encryption are done by
 * message protection.
 */
package io.conclave.mls.framing;
