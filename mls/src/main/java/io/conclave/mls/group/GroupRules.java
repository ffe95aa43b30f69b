package io.conclave.mls.group;

/**
 * Rule ids of the group state machine, carried by {@link io.conclave.mls.ProtocolException#rule()}
 * so each failure maps back to the sentence of RFC 9420 it enforces. Tree and leaf rules are in
 * {@link io.conclave.mls.tree.TreeRules}, key package rules in
 * {@link io.conclave.mls.keypackage.KeyPackageRules}.
 */
public final class GroupRules {
  private GroupRules() {}

  // ---- messages (§6, §12.1, §12.4.2) ----
  /** §6: the message names another group. */
  public static final String GROUP_ID = "RFC9420 §6 group-id";
  /** §12.1, §12.4.2: the message's epoch is not the group's current epoch. */
  public static final String EPOCH = "RFC9420 §12.4.2 epoch";
  /** §9.2: the message belongs to an epoch whose keys were deleted. */
  public static final String EPOCH_EXPIRED = "RFC9420 §9.2 epoch-keys-deleted";
  /** §6.1: a member sender's leaf is blank or outside the tree (not a member). */
  public static final String SENDER_NOT_MEMBER = "RFC9420 §6.1 sender-not-member";
  /** §12.1.8: an external sender index that the external_senders extension does not list. */
  public static final String EXTERNAL_SENDER = "RFC9420 §12.1.8 external-sender";
  /** §12.1.8: a sender type that may not send this proposal type or content. */
  public static final String SENDER_TYPE = "RFC9420 §12.1.8 sender-type";
  /** §6.2, §12.1.8: external proposals and external commits travel as PublicMessage. */
  public static final String WIRE_FORMAT = "RFC9420 §6.2 wire-format";
  /** §12.4: a ProposalRef names no proposal received in this epoch. */
  public static final String UNKNOWN_PROPOSAL = "RFC9420 §12.4 unknown-proposal-ref";
  /** §12.4: the path is required by the covered proposals (or an empty proposal list). */
  public static final String PATH_REQUIRED = "RFC9420 §12.4 path-required";
  /** §12.4.2: the confirmation tag does not match the new epoch's. */
  public static final String CONFIRMATION_TAG = "RFC9420 §12.4.2 confirmation-tag";
  /** §12.4.2: a member's own commit arrived while not pending, or another member's for a pending one. */
  public static final String OWN_COMMIT = "RFC9420 §12.4.2 own-commit";
  /** §5.3.1: the application's authentication service rejected a credential. */
  public static final String CREDENTIAL = "RFC9420 §5.3.1 credential";
  /**
   * §5.3.1, §12.1.2: a member's leaf is replaced (Update proposal, or the committer's leaf in a
   * commit path) by one whose credential the application does not accept as a valid successor of
   * the old one ({@link CredentialValidator#isValidSuccessor}).
   */
  public static final String CREDENTIAL_SUCCESSOR = "RFC9420 §5.3.1 credential-successor";

  /**
   * §13.4: an extension type appears twice in a GroupContext (a GroupContextExtensions proposal or
   * the context of a GroupInfo) or in a GroupInfo's own extensions.
   */
  public static final String DUPLICATE_EXTENSION = "RFC9420 §13.4 group-duplicate-extension";
  /** §12.1.8.1: an {@code external_senders} extension that does not parse or has an unusable entry. */
  public static final String EXTERNAL_SENDERS = "RFC9420 §12.1.8.1 external-senders";

  // ---- individual proposals (§12.1) ----
  /** §12.1.2: an Update's leaf has the wrong source or does not change the encryption key. */
  public static final String UPDATE_INVALID = "RFC9420 §12.1.2 update";
  /** §12.1.3: a Remove names a blank leaf or one outside the tree. */
  public static final String REMOVE_BLANK = "RFC9420 §12.1.3 remove-blank-leaf";
  /** §12.1.4: a psk_nonce not of length KDF.Nh. */
  public static final String PSK_NONCE = "RFC9420 §12.1.4 psk-nonce";
  /** §12.1.4: a resumption PSK with usage reinit or branch outside of those operations. */
  public static final String PSK_USAGE = "RFC9420 §12.1.4 psk-usage";
  /** §12.4.2: a PSK that this member does not have. */
  public static final String PSK_UNKNOWN = "RFC9420 §12.4.2 psk-unavailable";
  /** §12.1.5: a ReInit to an older protocol version. */
  public static final String REINIT_VERSION = "RFC9420 §12.1.5 reinit-version";
  /** §12.1.7, §11.1: group context extensions some member does not support. */
  public static final String EXTENSIONS_UNSUPPORTED = "RFC9420 §12.1.7 extension-support";

  // ---- proposal lists (§12.2) ----
  /** §12.2: the committer's own Update in its commit. */
  public static final String LIST_UPDATE_BY_COMMITTER = "RFC9420 §12.2 update-by-committer";
  /** §12.2: a Remove of the committer. */
  public static final String LIST_REMOVE_COMMITTER = "RFC9420 §12.2 remove-committer";
  /** §12.2: several Update/Remove proposals for one leaf. */
  public static final String LIST_SAME_LEAF = "RFC9420 §12.2 update-remove-same-leaf";
  /** §12.2: two Adds of the same client (same signature key). */
  public static final String LIST_DUPLICATE_ADD = "RFC9420 §12.2 duplicate-add";
  /** §12.2: an Add of a client already in the group and not removed by the commit. */
  public static final String LIST_ADD_MEMBER = "RFC9420 §12.2 add-existing-member";
  /** §12.2: two PreSharedKey proposals with the same PreSharedKeyID. */
  public static final String LIST_DUPLICATE_PSK = "RFC9420 §12.2 duplicate-psk";
  /** §12.2: more than one GroupContextExtensions proposal. */
  public static final String LIST_MULTIPLE_GCE = "RFC9420 §12.2 multiple-gce";
  /** §12.2: a ReInit together with other proposals. */
  public static final String LIST_REINIT_NOT_ALONE = "RFC9420 §12.2 reinit-not-alone";
  /** §12.2: an ExternalInit in a regular commit. */
  public static final String LIST_EXTERNAL_INIT = "RFC9420 §12.2 external-init-in-regular-commit";
  /** §12.2: an external commit without exactly one ExternalInit. */
  public static final String EXTERNAL_ONE_INIT = "RFC9420 §12.2 external-commit-one-external-init";
  /** §12.2: an external commit with more than one Remove. */
  public static final String EXTERNAL_ONE_REMOVE = "RFC9420 §12.2 external-commit-one-remove";
  /** §12.2: an external commit with proposals other than ExternalInit, Remove and PreSharedKey. */
  public static final String EXTERNAL_PROPOSAL_TYPES = "RFC9420 §12.2 external-commit-proposal-types";
  /** §12.4.3.2: an external commit with proposals by reference. */
  public static final String EXTERNAL_BY_REFERENCE = "RFC9420 §12.4.3.2 external-commit-by-reference";
  /**
   * §12.2, §12.4.3.2: the Remove of an external ("resync") commit removes a leaf whose owner the
   * joiner is not: the path's leaf node is not an acceptable successor of the removed leaf
   * ({@link CredentialValidator#isValidSuccessor}), as it would have to be for an Update of that leaf.
   */
  public static final String EXTERNAL_REMOVE_NOT_SELF = "RFC9420 §12.2 external-commit-remove-other";
  /**
   * §12.4.3.2: an external commit received while {@link GroupConfig#allowExternalCommits()} is
   * false (an application decides whether to enable external joins; §16.5 discusses the risk).
   */
  public static final String EXTERNAL_COMMIT_REFUSED = "RFC9420 §12.4.3.2 external-commit-refused";

  // ---- joining (§12.4.3) ----
  /** §12.4.3.1: no entry of the Welcome is for this KeyPackage. */
  public static final String WELCOME_NO_ENTRY = "RFC9420 §12.4.3.1 welcome-no-entry";
  /** §12.4.3.1: cipher suites of Welcome, KeyPackage and GroupInfo differ. */
  public static final String WELCOME_SUITE = "RFC9420 §12.4.3.1 cipher-suite";
  /** §12.4.3.1: the GroupInfo signer's leaf is blank. */
  public static final String GROUP_INFO_SIGNER = "RFC9420 §12.4.3 group-info-signer";
  /** §12.4.3.1: the joiner's KeyPackage leaf is not in the tree. */
  public static final String WELCOME_OWN_LEAF = "RFC9420 §12.4.3.1 own-leaf";
  /** §12.4.3.1: the ratchet tree is neither in the GroupInfo nor supplied. */
  public static final String RATCHET_TREE_MISSING = "RFC9420 §12.4.3.3 ratchet-tree-missing";
  /** §12.4.3.1: a reinit or branch resumption PSK in a Welcome (not supported here) or twice. */
  public static final String WELCOME_PSK = "RFC9420 §12.4.3.1 welcome-psk";
  /** §12.4.3.2: a GroupInfo without external_pub. */
  public static final String EXTERNAL_PUB_MISSING = "RFC9420 §12.4.3.2 external-pub";
  /** §12.4.3.2, §5.1.3: the GroupInfo's {@code external_pub} is not a valid HPKE public key. */
  public static final String EXTERNAL_PUB_INVALID = "RFC9420 §12.4.3.2 external-pub-invalid";
  /** §12.4.3: group context extensions the joiner does not support. */
  public static final String JOINER_EXTENSIONS = "RFC9420 §12.4.3 joiner-extension-support";

  // ---- public view of a group (PublicGroup: the delivery service, no secrets) ----
  /** §6.3: a handshake sent as PrivateMessage, which a public view cannot read or check. */
  public static final String PUBLIC_PRIVATE_MESSAGE = "RFC9420 §6.3 public-private-message";
  /** §6: a proposal where a commit was expected, or the other way round. */
  public static final String PUBLIC_CONTENT_TYPE = "RFC9420 §6 public-content-type";
  /** §6.1: the FramedContentTBS signature does not verify under the sender's key. */
  public static final String PUBLIC_SIGNATURE = "RFC9420 §6.1 public-signature";
  /** §12.4.3.2: an external commit (new_member_commit sender), which this view is configured to refuse. */
  public static final String PUBLIC_EXTERNAL_COMMIT = "RFC9420 §12.4.3.2 public-external-commit";
  /** §12.4.3: the GroupInfo's cipher suite is not implemented. */
  public static final String PUBLIC_CIPHER_SUITE = "RFC9420 §12.4.3 public-cipher-suite";
  /** §12.4.3: the GroupInfo signature does not verify under its signer's leaf key. */
  public static final String PUBLIC_GROUP_INFO_SIGNATURE = "RFC9420 §12.4.3 public-group-info-signature";
  /** §12.4.3: the new epoch's GroupInfo is not signed by the committer. */
  public static final String PUBLIC_GROUP_INFO_SIGNER = "RFC9420 §12.4.3 public-group-info-signer";
  /** §12.4.3, §8.1: the new epoch's GroupInfo carries another GroupContext than the commit yields. */
  public static final String PUBLIC_GROUP_INFO_CONTEXT = "RFC9420 §12.4.3 public-group-info-context";
  /** §12.4.3, §8.2: the GroupInfo's confirmation_tag is not the commit's. */
  public static final String PUBLIC_GROUP_INFO_TAG = "RFC9420 §12.4.3 public-group-info-confirmation-tag";
  /** §12.4.3.3: the GroupInfo's ratchet_tree extension is not the tree the commit yields. */
  public static final String PUBLIC_GROUP_INFO_TREE = "RFC9420 §12.4.3.3 public-group-info-tree";
  /** A verified commit applied to another PublicGroup or to an epoch it was not verified in. */
  public static final String PUBLIC_STALE_COMMIT = "public-stale-commit";
  /** Peer data that decodes but cannot be processed (malformed nested encoding, invalid key, value out of range). */
  public static final String PUBLIC_MALFORMED = "public-malformed";

  // ---- local state ----
  /** A commit is pending: merge or discard it before creating another. */
  public static final String PENDING_COMMIT = "pending-commit";
  /** This member was removed or the group was reinitialised: it can no longer send. */
  public static final String INACTIVE = "group-inactive";
}
