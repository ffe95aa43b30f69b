/**
 * The secret tree and sender ratchets (RFC 9420 §9): per-sender keys and nonces for
 * PrivateMessage content, derived from an epoch's {@code encryption_secret}.
 *
 * <pre>
 *            G = encryption_secret
 *          /   \                        child = ExpandWithLabel(parent, "tree", "left"|"right", Nh)
 *         E     F
 *        / \   / \
 *       A   B C   D                     leaf secret
 *                / \
 *              HR0  AR0 --+-- K0, N0    ExpandWithLabel(leaf, "handshake"|"application", "", Nh)
 *                    |
 *                   AR1 --+-- K1, N1    DeriveTreeSecret(ARj, "key"|"nonce"|"secret", j, ...)
 *                    |
 *                   AR2
 * </pre>
 *
 * Node secrets are derived on demand and deleted as soon as their children are derived; ratchet
 * secrets, keys and nonces are deleted once consumed (§9.2). The sender-data key and nonce
 * (§6.3.2), which protect the sender's leaf index and generation, are derived here too.
 */
package io.conclave.mls.secrettree;
