/**
 * The ratchet tree's wire structures (RFC 9420 §7): {@link io.conclave.mls.tree.LeafNode},
 * {@link io.conclave.mls.tree.ParentNode}, {@link io.conclave.mls.tree.Node} and the tree as a
 * list of optional nodes ({@link io.conclave.mls.tree.RatchetTree}). Tree algorithms (hashes,
 * TreeKEM) live elsewhere.
 */
package io.conclave.mls.tree;
