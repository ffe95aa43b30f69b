package io.conclave.mls;

/**
 * Every rule of RFC 9420 this library enforces, as carried by {@link ProtocolException#rule()}, so
 * each failure maps back to the sentence of the RFC it enforces.
 *
 * <p>Each constant has the RFC section it enforces ({@link #section()}, empty for rules of the
 * library's own state machine) and a short stable id ({@link #shortId()}); {@link #id()} joins them,
 * e.g. {@code "RFC9420 §6 group-id"}. Rules under "local state" are raised by local misuse of the
 * API (committing twice, sending after removal), never by peer data. The table of receiver-side
 * checks in {@code docs/CONFORMANCE.md} lists, for every constant, the class that enforces it and
 * the test that feeds a hostile input to a receiver and asserts it.
 */
public enum Rule {
  // ---- messages (§6, §12.1, §12.4.2) ----
  /** §6: the message names another group. */
  GROUP_ID("RFC9420 §6", "group-id"),
  /** §12.1, §12.4.2: the message's epoch is not the group's current epoch. */
  EPOCH("RFC9420 §12.4.2", "epoch"),
  /** §9.2: the message belongs to an epoch whose keys were deleted. */
  EPOCH_EXPIRED("RFC9420 §9.2", "epoch-keys-deleted"),
  /** §6.1: a member sender's leaf is blank or outside the tree (not a member). */
  SENDER_NOT_MEMBER("RFC9420 §6.1", "sender-not-member"),
  /** §12.1.8: an external sender index that the external_senders extension does not list. */
  EXTERNAL_SENDER("RFC9420 §12.1.8", "external-sender"),
  /** §12.1.8: a sender type that may not send this proposal type or content. */
  SENDER_TYPE("RFC9420 §12.1.8", "sender-type"),
  /** §6.2, §12.1.8: external proposals and external commits travel as PublicMessage. */
  WIRE_FORMAT("RFC9420 §6.2", "wire-format"),
  /** §12.4: a ProposalRef names no proposal received in this epoch. */
  UNKNOWN_PROPOSAL("RFC9420 §12.4", "unknown-proposal-ref"),
  /** §12.4: the path is required by the covered proposals (or an empty proposal list). */
  PATH_REQUIRED("RFC9420 §12.4", "path-required"),
  /** §12.4.2: the confirmation tag does not match the new epoch's. */
  CONFIRMATION_TAG("RFC9420 §12.4.2", "confirmation-tag"),
  /** §12.4.2: a member's own commit arrived while not pending, or another member's for a pending one. */
  OWN_COMMIT("RFC9420 §12.4.2", "own-commit"),
  /**
   * §5.3: an {@code x509} credential whose end-entity certificate (the first of the chain) is
   * missing, does not parse, or holds another public key than the leaf's {@code signature_key}.
   * Checked before the application's {@link io.conclave.mls.group.CredentialValidator}.
   */
  X509_END_ENTITY_KEY("RFC9420 §5.3", "x509-end-entity-key"),
  /** §5.3.1: the application's authentication service rejected a credential. */
  CREDENTIAL("RFC9420 §5.3.1", "credential"),
  /**
   * §5.3.1, §12.1.2: a member's leaf is replaced (Update proposal, or the committer's leaf in a
   * commit path) by one whose credential the application does not accept as a valid successor of
   * the old one ({@link io.conclave.mls.group.CredentialValidator#isValidSuccessor}).
   */
  CREDENTIAL_SUCCESSOR("RFC9420 §5.3.1", "credential-successor"),
  /**
   * §13.4: an extension type appears twice in a GroupContext (a GroupContextExtensions proposal or
   * the context of a GroupInfo) or in a GroupInfo's own extensions.
   */
  GROUP_DUPLICATE_EXTENSION("RFC9420 §13.4", "group-duplicate-extension"),
  /** §12.1.8.1: an {@code external_senders} extension that does not parse or has an unusable entry. */
  EXTERNAL_SENDERS("RFC9420 §12.1.8.1", "external-senders"),

  // ---- individual proposals (§12.1) ----
  /**
   * §12.1.2: a commit applies this member's own Update, but the member does not hold the private
   * key of that Update's leaf (its state is older than the proposal, e.g. restored from a backup
   * taken before it proposed). A wrong leaf source or an unchanged encryption key in a received
   * Update is {@link #LEAF_SOURCE} or {@link #UNIQUE_ENCRYPTION_KEY}.
   */
  UPDATE_INVALID("RFC9420 §12.1.2", "update"),
  /** §12.1.3: a Remove names a blank leaf or one outside the tree. */
  REMOVE_BLANK("RFC9420 §12.1.3", "remove-blank-leaf"),
  /** §12.1.4: a psk_nonce not of length KDF.Nh. */
  PSK_NONCE("RFC9420 §12.1.4", "psk-nonce"),
  /** §12.1.4: a resumption PSK with usage reinit or branch outside of those operations. */
  PSK_USAGE("RFC9420 §12.1.4", "psk-usage"),
  /** §12.4.2: a PSK that this member does not have. */
  PSK_UNKNOWN("RFC9420 §12.4.2", "psk-unavailable"),
  /** §12.1.7, §11.1: group context extensions some member does not support. */
  EXTENSIONS_UNSUPPORTED("RFC9420 §12.1.7", "extension-support"),

  // ---- proposal lists (§12.2) ----
  /** §12.2: the committer's own Update in its commit. */
  LIST_UPDATE_BY_COMMITTER("RFC9420 §12.2", "update-by-committer"),
  /** §12.2: a Remove of the committer. */
  LIST_REMOVE_COMMITTER("RFC9420 §12.2", "remove-committer"),
  /** §12.2: several Update/Remove proposals for one leaf. */
  LIST_SAME_LEAF("RFC9420 §12.2", "update-remove-same-leaf"),
  /** §12.2: two Adds of the same client (same signature key). */
  LIST_DUPLICATE_ADD("RFC9420 §12.2", "duplicate-add"),
  /** §12.2: an Add of a client already in the group and not removed by the commit. */
  LIST_ADD_MEMBER("RFC9420 §12.2", "add-existing-member"),
  /** §12.2: two PreSharedKey proposals with the same PreSharedKeyID. */
  LIST_DUPLICATE_PSK("RFC9420 §12.2", "duplicate-psk"),
  /** §12.2: more than one GroupContextExtensions proposal. */
  LIST_MULTIPLE_GCE("RFC9420 §12.2", "multiple-gce"),
  /** §12.2: a ReInit together with other proposals. */
  LIST_REINIT_NOT_ALONE("RFC9420 §12.2", "reinit-not-alone"),
  /** §12.2: an ExternalInit in a regular commit. */
  LIST_EXTERNAL_INIT("RFC9420 §12.2", "external-init-in-regular-commit"),
  /** §12.2: an external commit without exactly one ExternalInit. */
  EXTERNAL_ONE_INIT("RFC9420 §12.2", "external-commit-one-external-init"),
  /** §12.2: an external commit with more than one Remove. */
  EXTERNAL_ONE_REMOVE("RFC9420 §12.2", "external-commit-one-remove"),
  /** §12.2: an external commit with proposals other than ExternalInit, Remove and PreSharedKey. */
  EXTERNAL_PROPOSAL_TYPES("RFC9420 §12.2", "external-commit-proposal-types"),
  /** §12.4.3.2: an external commit with proposals by reference. */
  EXTERNAL_BY_REFERENCE("RFC9420 §12.4.3.2", "external-commit-by-reference"),
  /**
   * §12.2, §12.4.3.2: the Remove of an external ("resync") commit removes a leaf whose owner the
   * joiner is not: the path's leaf node is not an acceptable successor of the removed leaf
   * ({@link io.conclave.mls.group.CredentialValidator#isValidSuccessor}), as it would have to be for an Update of that leaf.
   */
  EXTERNAL_REMOVE_NOT_SELF("RFC9420 §12.2", "external-commit-remove-other"),
  /**
   * §12.4.3.2: an external commit received while {@link io.conclave.mls.group.GroupConfig#allowExternalCommits()} is
   * false (an application decides whether to enable external joins; §16.5 discusses the risk).
   */
  EXTERNAL_COMMIT_REFUSED("RFC9420 §12.4.3.2", "external-commit-refused"),

  // ---- joining (§12.4.3) ----
  /** §12.4.3.1: no entry of the Welcome is for this KeyPackage. */
  WELCOME_NO_ENTRY("RFC9420 §12.4.3.1", "welcome-no-entry"),
  /** §12.4.3.1: cipher suites of Welcome, KeyPackage and GroupInfo differ. */
  WELCOME_SUITE("RFC9420 §12.4.3.1", "cipher-suite"),
  /** §12.4.3.1: the GroupInfo signer's leaf is blank. */
  GROUP_INFO_SIGNER("RFC9420 §12.4.3", "group-info-signer"),
  /** §12.4.3.1: the joiner's KeyPackage leaf is not in the tree. */
  WELCOME_OWN_LEAF("RFC9420 §12.4.3.1", "own-leaf"),
  /** §12.4.3.1: the ratchet tree is neither in the GroupInfo nor supplied. */
  RATCHET_TREE_MISSING("RFC9420 §12.4.3.3", "ratchet-tree-missing"),
  /** §12.4.3.1: a reinit or branch resumption PSK in a Welcome (not supported here) or twice. */
  WELCOME_PSK("RFC9420 §12.4.3.1", "welcome-psk"),
  /** §12.4.3.2: a GroupInfo without external_pub. */
  EXTERNAL_PUB_MISSING("RFC9420 §12.4.3.2", "external-pub"),
  /** §12.4.3.2, §5.1.3: the GroupInfo's {@code external_pub} is not a valid HPKE public key. */
  EXTERNAL_PUB_INVALID("RFC9420 §12.4.3.2", "external-pub-invalid"),
  /** §12.4.3: group context extensions the joiner does not support. */
  JOINER_EXTENSIONS("RFC9420 §12.4.3", "joiner-extension-support"),

  // ---- public view of a group (PublicGroup: the delivery service, no secrets) ----
  /** §6.3: a handshake sent as PrivateMessage, which a public view cannot read or check. */
  PUBLIC_PRIVATE_MESSAGE("RFC9420 §6.3", "public-private-message"),
  /** §6: a proposal where a commit was expected, or the other way round. */
  PUBLIC_CONTENT_TYPE("RFC9420 §6", "public-content-type"),
  /** §6.1: the FramedContentTBS signature does not verify under the sender's key. */
  PUBLIC_SIGNATURE("RFC9420 §6.1", "public-signature"),
  /** §12.4.3.2: an external commit (new_member_commit sender), which this view is configured to refuse. */
  PUBLIC_EXTERNAL_COMMIT("RFC9420 §12.4.3.2", "public-external-commit"),
  /** §12.4.3: the GroupInfo's cipher suite is not implemented. */
  PUBLIC_CIPHER_SUITE("RFC9420 §12.4.3", "public-cipher-suite"),
  /** §12.4.3: the GroupInfo signature does not verify under its signer's leaf key. */
  PUBLIC_GROUP_INFO_SIGNATURE("RFC9420 §12.4.3", "public-group-info-signature"),
  /** §12.4.3: the new epoch's GroupInfo is not signed by the committer. */
  PUBLIC_GROUP_INFO_SIGNER("RFC9420 §12.4.3", "public-group-info-signer"),
  /** §12.4.3, §8.1: the new epoch's GroupInfo carries another GroupContext than the commit yields. */
  PUBLIC_GROUP_INFO_CONTEXT("RFC9420 §12.4.3", "public-group-info-context"),
  /** §12.4.3, §8.2: the GroupInfo's confirmation_tag is not the commit's. */
  PUBLIC_GROUP_INFO_TAG("RFC9420 §12.4.3", "public-group-info-confirmation-tag"),
  /** §12.4.3.3: the GroupInfo's ratchet_tree extension is not the tree the commit yields. */
  PUBLIC_GROUP_INFO_TREE("RFC9420 §12.4.3.3", "public-group-info-tree"),
  /** Local misuse: a verified commit applied to another PublicGroup or to an epoch it was not verified in. */
  PUBLIC_STALE_COMMIT("", "public-stale-commit"),
  /** Peer data that decodes but cannot be processed (malformed nested encoding, invalid key, value out of range). */
  PUBLIC_MALFORMED("", "public-malformed"),

  /**
   * §11.2, §12.1.5: a ReInit proposal (proposed locally, received as a proposal, or covered by a
   * received commit). This library does not implement reinitialisation (a Welcome with a reinit
   * PSK into the successor group), so it refuses ReInit outright rather than leave the group
   * inactive for good. {@link io.conclave.mls.group.GroupConfig#allowReInit()} lifts the refusal (for
   * conformance vectors only).
   */
  REINIT_UNSUPPORTED("RFC9420 §11.2", "reinit-unsupported"),

  // ---- message framing and the secret tree (§6.2, §6.3, §9) ----
  /** §6.2: application data in a PublicMessage; it must be sent as a PrivateMessage. */
  APPLICATION_AS_PUBLIC_MESSAGE("RFC9420 §6.2", "application-as-public-message"),
  /** §6.3.2: a PrivateMessage's sender leaf index lies outside the secret tree. */
  SENDER_OUTSIDE_TREE("RFC9420 §6.3.2", "sender-outside-tree"),
  /** §9.2: the key of a generation was already handed out, or was deleted from the window of kept keys. */
  KEY_CONSUMED("RFC9420 §9.2", "consumed-key"),
  /** §9.2: a generation lies further ahead than {@link io.conclave.mls.secrettree.SenderRatchetConfig#maxForwardDistance()}. */
  GENERATION_TOO_FAR_AHEAD("RFC9420 §9.2", "generation-too-far-ahead"),
  /** §9.1: the uint32 generation counter is used up (or a generation beyond uint32 is asked for). */
  GENERATION_EXHAUSTED("RFC9420 §9.1", "generation-exhausted"),

  // ---- ratchet tree and leaf nodes (§7, §12.4.3.1) ----
  /** §12.4.3.3: leaves at even, parents at odd positions; the last node is not blank. */
  TREE_SHAPE("RFC9420 §12.4.3.3", "tree-shape"),
  /** §12.4.3.1: the tree hash matches the one the group agreed on. */
  TREE_HASH("RFC9420 §12.4.3.1", "tree-hash"),
  /** §7.9.2: every non-blank parent is parent-hash valid; a commit leaf's parent hash matches. */
  PARENT_HASH("RFC9420 §7.9", "parent-hash"),
  /** §12.4.3.1: unmerged leaves are non-blank descendants, listed by every node in between. */
  UNMERGED_LEAVES("RFC9420 §12.4.3.1", "unmerged-leaves"),
  /** §7.3: the leaf's signature over {@code LeafNodeTBS} verifies. */
  LEAF_SIGNATURE("RFC9420 §7.3", "leaf-signature"),
  /** §7.3, §11.1: the leaf supports the group's required capabilities. */
  REQUIRED_CAPABILITIES("RFC9420 §7.3", "required-capabilities"),
  /** §7.2, §7.3: the leaf lists its own non-default extensions and its credential type. */
  LEAF_CAPABILITIES("RFC9420 §7.3", "leaf-capabilities"),
  /** §7.3: every member supports every credential type in use. */
  CREDENTIAL_TYPES("RFC9420 §7.3", "credential-types"),
  /** §7.3: the current time lies within a key-package leaf's lifetime. */
  LIFETIME("RFC9420 §7.3", "lifetime"),
  /** §7.3: the leaf node source fits where the leaf appears. */
  LEAF_SOURCE("RFC9420 §7.3", "leaf-node-source"),
  /** §7.3, §12.4.3.1: no encryption key appears twice in the tree. */
  UNIQUE_ENCRYPTION_KEY("RFC9420 §7.3", "unique-encryption-key"),
  /** §7.3: no signature key appears twice among the leaves. */
  UNIQUE_SIGNATURE_KEY("RFC9420 §7.3", "unique-signature-key"),
  /** §7.6: one UpdatePathNode per filtered-direct-path node, one ciphertext per resolution node. */
  UPDATE_PATH_SHAPE("RFC9420 §7.6", "update-path-shape"),
  /** §7.4, §12.4.3.1: keys derived from a path secret match the public keys in the tree. */
  PATH_KEYS("RFC9420 §7.4", "path-public-keys"),
  /**
   * §5.1.3, §7.3: an HPKE public key in the tree (a leaf's {@code encryption_key}, a parent's or an
   * UpdatePath node's) is malformed, off the curve, or a low-order X25519/X448 point.
   */
  HPKE_PUBLIC_KEY("RFC9420 §7.3", "hpke-public-key"),
  /** §7.2: a leaf's capabilities list a default proposal or extension type, which "MUST NOT be listed". */
  DEFAULT_CAPABILITY("RFC9420 §7.2", "default-type-in-capabilities"),
  /**
   * §13.4: a leaf entering the tree (an Add's KeyPackage leaf, an Update, a commit's UpdatePath
   * leaf) whose {@code capabilities.extensions} omit a non-default GroupContext extension type.
   */
  LEAF_GROUP_EXTENSIONS("RFC9420 §13.4", "leaf-group-extension-support"),
  /** §13.4: a leaf's extensions list an extension type twice. */
  LEAF_DUPLICATE_EXTENSION("RFC9420 §13.4", "leaf-duplicate-extension"),
  /** §12.4.2: a leaf referenced by a proposal or path exists and is not blank. */
  LEAF_INDEX("RFC9420 §12.4.2", "leaf-index"),

  // ---- key packages (§10) ----
  /** §10.1: the cipher suite matches the group's. */
  KEY_PACKAGE_CIPHER_SUITE("RFC9420 §10.1", "cipher-suite"),
  /** §10.1: the KeyPackage signature verifies under the leaf's signature key. */
  KEY_PACKAGE_SIGNATURE("RFC9420 §10.1", "signature"),
  /** §10.1: {@code init_key} differs from the leaf's {@code encryption_key}. */
  KEY_PACKAGE_INIT_KEY("RFC9420 §10.1", "init-key-distinct"),
  /** §10.1, §5.1.3: {@code init_key} is malformed, off the curve, or a low-order X25519/X448 point. */
  KEY_PACKAGE_INIT_KEY_INVALID("RFC9420 §10.1", "init-key-invalid"),
  /** §10: a KeyPackage extension whose type the leaf's capabilities do not list. */
  KEY_PACKAGE_EXTENSION_CAPABILITIES("RFC9420 §10", "key-package-extension-capabilities"),
  /** §13.4: the KeyPackage's extensions list an extension type twice. */
  KEY_PACKAGE_DUPLICATE_EXTENSION("RFC9420 §13.4", "key-package-duplicate-extension"),
  /** §7.2: the leaf's capabilities list the group's version and cipher suite. */
  KEY_PACKAGE_CAPABILITIES("RFC9420 §7.2", "capabilities-version-suite"),

  // ---- local state: raised by local misuse of the API, not by peer data ----
  /**
   * §12.4: "A group member that has observed one or more valid proposals within an epoch MUST send
   * a Commit message before sending application data." Raised by
   * {@link io.conclave.mls.group.Group#encryptApplication} while proposals are stored in the epoch
   * ({@link io.conclave.mls.group.Group#hasPendingProposals()}): commit them first (a local rule of
   * the sender; it protects the receivers a pending Remove names).
   */
  PROPOSALS_PENDING("RFC9420 §12.4", "proposals-pending-before-application-data"),
  /** A commit is pending: merge or discard it before creating another. */
  PENDING_COMMIT("", "pending-commit"),
  /** This member was removed or the group was reinitialised: it can no longer send. */
  INACTIVE("", "group-inactive");

  private final String section;
  private final String shortId;

  Rule(String section, String shortId) {
    this.section = section;
    this.shortId = shortId;
  }

  /** The RFC 9420 section, e.g. {@code "RFC9420 §12.4.2"}; empty for rules of local state. */
  public String section() {
    return section;
  }

  /** The short id, e.g. {@code "epoch"}. */
  public String shortId() {
    return shortId;
  }

  /** Section and short id, e.g. {@code "RFC9420 §12.4.2 epoch"}; the short id alone for local rules. */
  public String id() {
    return section.isEmpty() ? shortId : section + " " + shortId;
  }

  @Override
  public String toString() {
    return id();
  }
}
