/**
 * The handshake messages of RFC 9420: proposals (§12.1), {@code Commit} and {@code UpdatePath}
 * (§12.4, §7.6), {@code Welcome}, {@code GroupSecrets} and {@code GroupInfo} (§12.4.3), and the
 * {@code PreSharedKeyID} (§8.4) that PSK proposals and group secrets name. Wire structures only:
 * applying and validating them is the group's job.
 */
package io.conclave.mls.messages;
