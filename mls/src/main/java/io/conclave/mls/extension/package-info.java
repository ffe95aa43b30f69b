/**
 * Extensions (RFC 9420 §13) and the payloads of the extension types of §17.3:
 * {@code application_id}, {@code required_capabilities}, {@code external_pub} and
 * {@code external_senders}. The {@code ratchet_tree} payload is {@link io.conclave.mls.tree.RatchetTree}.
 */
package io.conclave.mls.extension;
