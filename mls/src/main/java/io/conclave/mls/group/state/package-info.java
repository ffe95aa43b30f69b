/**
 * The state of a group in one epoch (RFC 9420 §8.1, §9, §12.4): GroupContext, public ratchet
 * tree, the member's private tree keys, epoch secrets, secret tree and transcript hashes; and its
 * serialisation, which contains private keys and must be encrypted at rest by the caller.
 */
package io.conclave.mls.group.state;
