/**
 * TreeKEM (RFC 9420 §7.4–§7.6): the continuous group key agreement run over the ratchet tree.
 *
 * <p>A committer {@linkplain io.conclave.mls.treekem.TreeKem#createUpdatePath creates} an
 * UpdatePath: a fresh leaf key, a chain of path secrets up its filtered direct path
 * ({@code path_secret[n] = DeriveSecret(path_secret[n-1], "path")}), one HPKE key pair per node
 * ({@code DeriveKeyPair(DeriveSecret(path_secret[n], "node"))}), and each path secret encrypted
 * to the resolution of the node's copath child. A receiver
 * {@linkplain io.conclave.mls.treekem.TreeKem#mergeUpdatePath merges} the public part into its
 * {@link io.conclave.mls.tree.TreeState} and
 * {@linkplain io.conclave.mls.treekem.TreeKem#decryptUpdatePath decrypts} the one path secret
 * meant for its subtree, deriving the rest up to the root and the {@code commit_secret}:
 *
 * <pre>
 *   path_secret[0]  random
 *   path_secret[n]  = DeriveSecret(path_secret[n-1], "path")     one per filtered-direct-path node
 *   commit_secret   = DeriveSecret(path_secret[last], "path")
 *   node key pair n = DeriveKeyPair(DeriveSecret(path_secret[n], "node"))
 * </pre>
 *
 *
 * A member's private keys (its leaf and the ancestors it knows) live in
 * {@link io.conclave.mls.treekem.TreePrivateKeys}.
 */
package io.conclave.mls.treekem;
