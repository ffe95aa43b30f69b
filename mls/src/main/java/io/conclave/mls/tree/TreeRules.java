package io.conclave.mls.tree;

/**
 * Rule ids of the ratchet-tree checks, carried by {@link io.conclave.mls.ProtocolException#rule()}
 * so a failure maps back to the sentence of RFC 9420 it enforces.
 */
public final class TreeRules {
  private TreeRules() {}

  /** §12.4.3.3: leaves at even, parents at odd positions; the last node is not blank. */
  public static final String TREE_SHAPE = "RFC9420 §12.4.3.3 tree-shape";
  /** §12.4.3.1: the tree hash matches the one the group agreed on. */
  public static final String TREE_HASH = "RFC9420 §12.4.3.1 tree-hash";
  /** §7.9.2: every non-blank parent is parent-hash valid; a commit leaf's parent hash matches. */
  public static final String PARENT_HASH = "RFC9420 §7.9 parent-hash";
  /** §12.4.3.1: unmerged leaves are non-blank descendants, listed by every node in between. */
  public static final String UNMERGED_LEAVES = "RFC9420 §12.4.3.1 unmerged-leaves";
  /** §7.3: the leaf's signature over {@code LeafNodeTBS} verifies. */
  public static final String LEAF_SIGNATURE = "RFC9420 §7.3 leaf-signature";
  /** §7.3, §11.1: the leaf supports the group's required capabilities. */
  public static final String REQUIRED_CAPABILITIES = "RFC9420 §7.3 required-capabilities";
  /** §7.2, §7.3: the leaf lists its own non-default extensions and its credential type. */
  public static final String LEAF_CAPABILITIES = "RFC9420 §7.3 leaf-capabilities";
  /** §7.3: every member supports every credential type in use. */
  public static final String CREDENTIAL_TYPES = "RFC9420 §7.3 credential-types";
  /** §7.3: the current time lies within a key-package leaf's lifetime. */
  public static final String LIFETIME = "RFC9420 §7.3 lifetime";
  /** §7.3: the leaf node source fits where the leaf appears. */
  public static final String LEAF_SOURCE = "RFC9420 §7.3 leaf-node-source";
  /** §7.3, §12.4.3.1: no encryption key appears twice in the tree. */
  public static final String UNIQUE_ENCRYPTION_KEY = "RFC9420 §7.3 unique-encryption-key";
  /** §7.3: no signature key appears twice among the leaves. */
  public static final String UNIQUE_SIGNATURE_KEY = "RFC9420 §7.3 unique-signature-key";
  /** §7.6: one UpdatePathNode per filtered-direct-path node, one ciphertext per resolution node. */
  public static final String UPDATE_PATH_SHAPE = "RFC9420 §7.6 update-path-shape";
  /** §7.4, §12.4.3.1: keys derived from a path secret match the public keys in the tree. */
  public static final String PATH_KEYS = "RFC9420 §7.4 path-public-keys";
  /**
   * §5.1.3, §7.3: an HPKE public key in the tree (a leaf's {@code encryption_key}, a parent's or an
   * UpdatePath node's) is malformed, off the curve, or a low-order X25519/X448 point.
   */
  public static final String HPKE_PUBLIC_KEY = "RFC9420 §7.3 hpke-public-key";
  /** §7.2: a leaf's capabilities list a default proposal or extension type, which "MUST NOT be listed". */
  public static final String DEFAULT_CAPABILITY = "RFC9420 §7.2 default-type-in-capabilities";
  /** §13.4: a leaf's extensions list an extension type twice. */
  public static final String LEAF_DUPLICATE_EXTENSION = "RFC9420 §13.4 leaf-duplicate-extension";
  /** §12.4.2: a leaf referenced by a proposal or path exists and is not blank. */
  public static final String LEAF_INDEX = "RFC9420 §12.4.2 leaf-index";
}
