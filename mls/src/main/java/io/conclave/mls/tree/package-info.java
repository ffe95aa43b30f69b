/**
 * The ratchet tree's wire structures (RFC 9420 §7): {@link io.conclave.mls.tree.LeafNode},
 * {@link io.conclave.mls.tree.ParentNode}, {@link io.conclave.mls.tree.Node} and the tree as a
 * list of optional nodes ({@link io.conclave.mls.tree.RatchetTree}); and the public tree a member
 * keeps ({@link io.conclave.mls.tree.TreeState}) with its algorithms: resolutions and filtered
 * direct paths (§4.1.2), adding, updating and removing leaves (§7.7, §12.1), tree hashes (§7.8),
 * parent hashes (§7.9, {@link io.conclave.mls.tree.ParentHashes}) and validation (§7.3, §12.4.3.1:
 * {@link io.conclave.mls.tree.LeafNodeValidator}, {@link io.conclave.mls.tree.TreeValidator}), with
 * the rule ids of {@link io.conclave.mls.Rule}. TreeKEM's secrets live in
 * {@code io.conclave.mls.treekem}.
 */
package io.conclave.mls.tree;
