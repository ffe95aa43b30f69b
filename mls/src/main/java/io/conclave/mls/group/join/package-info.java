/**
 * Joining a group (RFC 9420 §12.4.3): from a Welcome (§12.4.3.1), by external commit from a
 * GroupInfo with {@code external_pub} (§12.4.3.2), and creating the signed GroupInfo members
 * publish, optionally with the {@code ratchet_tree} extension (§12.4.3.3).
 */
package io.conclave.mls.group.join;
