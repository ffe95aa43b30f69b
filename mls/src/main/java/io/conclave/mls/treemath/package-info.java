/**
 * Index arithmetic over the array representation of MLS trees (RFC 9420 §4.1, §7, Appendix C).
 *
 * <p>A tree with {@code n} leaves (always a power of two in RFC 9420, §7.8) is stored as an array
 * of {@code 2n - 1} nodes: leaf {@code i} sits at node {@code 2i}, parents at odd indices. For
 * four leaves:
 *
 * <pre>
 *             3
 *           /   \
 *          1     5
 *         / \   / \
 * node:  0   2 4   6
 * leaf:  0   1 2   3
 * </pre>
 *
 * Both the ratchet tree and the secret tree (§9) use this layout, so parents, siblings, direct
 * paths and copaths are computed from indices alone.
 */
package io.conclave.mls.treemath;
