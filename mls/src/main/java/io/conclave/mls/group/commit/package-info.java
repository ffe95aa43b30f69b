/**
 * Commits (RFC 9420 §12.4): creating one with its Welcome and GroupInfo (§12.4.1, §12.4.3),
 * processing a received one (§12.4.2), and the framing of handshake messages (§6.2, §6.3) around
 * them. Both directions produce a {@link io.conclave.mls.group.commit.NextEpoch} that the group
 * installs only when every check passed.
 */
package io.conclave.mls.group.commit;
