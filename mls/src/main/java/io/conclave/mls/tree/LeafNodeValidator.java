package io.conclave.mls.tree;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.RequiredCapabilities;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The leaf node checks of RFC 9420 §7.3, one method per rule, each failing with its own
 * {@link ProtocolException} rule id ({@link io.conclave.mls.Rule}). Credential validation (§5.3.1) belongs to
 * the application's authentication service and is not done here.
 *
 * <p>The clock is injected so that lifetime checks can be tested. Lifetimes are checked against it
 * only for leaves this member sends or uses itself (a KeyPackage it proposes or commits, §7.3
 * "MUST"); a validator {@link #forReceived() for received messages} skips that check, because a
 * clock-dependent check on receipt lets members with different clocks, or a member catching up on
 * old commits, reject a commit the others merged and fork the group. §7.3 only RECOMMENDS the check
 * on receipt. Every other check here is deterministic and runs in both modes.
 */
public final class LeafNodeValidator {
  /** Extension types every client supports; capabilities must not list them (§7.2). */
  private static final Set<Integer> DEFAULT_EXTENSIONS = Set.of(1, 2, 3, 4, 5);
  /** Proposal types every client supports (§7.2). */
  private static final Set<Integer> DEFAULT_PROPOSALS = Set.of(1, 2, 3, 4, 5, 6, 7);

  /**
   * The longest total lifetime ({@code not_after - not_before}) of a leaf this library creates
   * (§7.2: "Applications MUST define a maximum total lifetime"): 90 days. It bounds the creator's
   * own leaf and {@link io.conclave.mls.keypackage.KeyPackageBundle#create(CipherSuite,
   * io.conclave.mls.credential.Credential, io.conclave.mls.crypto.SignatureKeyPair, InstantSource,
   * java.time.Duration) KeyPackages made for a validity}. Received leaves are not held to it, since
   * other implementations default to far longer lifetimes (ts-mls: 0 to 2^63-1).
   */
  public static final java.time.Duration MAX_TOTAL_LIFETIME = java.time.Duration.ofDays(90);

  private final CipherSuite suite;
  private final InstantSource clock;
  private final boolean checkLifetime;

  /** A validator for leaves this member sends or uses: lifetimes are checked against {@code clock}. */
  public LeafNodeValidator(CipherSuite suite, InstantSource clock) {
    this(suite, clock, true);
  }

  private LeafNodeValidator(CipherSuite suite, InstantSource clock, boolean checkLifetime) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.checkLifetime = checkLifetime;
  }

  /**
   * The same checks for leaves in received messages (proposals, commits): lifetimes are not
   * compared with this member's clock, so that a receiver whose clock is ahead or behind, or that
   * processes an old commit late, agrees with the committer, who checked them when it committed.
   */
  public LeafNodeValidator forReceived() {
    return checkLifetime ? new LeafNodeValidator(suite, clock, false) : this;
  }

  /** Whether this validator compares lifetimes with the clock (false for received messages). */
  public boolean checksLifetime() {
    return checkLifetime;
  }

  /**
   * The checks for a leaf entering a group's tree at {@code position} (an Add, Update or a commit's
   * UpdatePath): signature, capabilities, credential types, lifetime and key uniqueness against the
   * rest of {@code tree}. The source is checked by the caller, who knows where the leaf appeared.
   */
  public void validateForGroup(LeafNode leaf, TreeState tree, LeafIndex position, byte[] groupId,
      List<Extension> groupContextExtensions) {
    verifySignature(leaf, groupId, position);
    verifyEncryptionKey(leaf, position);
    verifyOwnCapabilities(leaf);
    verifyRequiredCapabilities(leaf, groupContextExtensions);
    verifyGroupExtensionSupport(leaf, groupContextExtensions);
    verifyCredentialTypes(leaf, tree, position);
    verifyLifetime(leaf);
    verifyUniqueKeys(leaf, tree, position);
  }

  /**
   * §7.3: {@code SignWithLabel(., "LeafNodeTBS", LeafNodeTBS)} verifies under the leaf's signature
   * key. Update and commit leaves are bound to the group id and their leaf index.
   */
  public void verifySignature(LeafNode leaf, byte[] groupId, LeafIndex position) {
    byte[] tbs = leaf.source() instanceof LeafNodeSource.FromKeyPackage
        ? leaf.toBeSigned()
        : leaf.toBeSigned(groupId, position.value());
    if (!suite.verifyWithLabel(leaf.signatureKey(), "LeafNodeTBS", tbs, leaf.signature())) {
      throw new ProtocolException(Rule.LEAF_SIGNATURE, "leaf " + position.value() + " signature does not verify");
    }
  }

  /** §5.1.3, §7.3: the leaf's {@code encryption_key} is a valid HPKE public key of the suite. */
  public void verifyEncryptionKey(LeafNode leaf, LeafIndex position) {
    verifyHpkeKey(leaf.encryptionKey(), "encryption key of leaf " + position.value());
  }

  /**
   * §5.1.3: {@code key} (a leaf's, a parent's or an UpdatePath node's encryption key) is a valid HPKE
   * public key: right length, on the curve, not a low-order X25519/X448 point.
   */
  public void verifyHpkeKey(byte[] key, String what) {
    if (!suite.isValidHpkePublicKey(key)) {
      throw new ProtocolException(Rule.HPKE_PUBLIC_KEY, what + " is not a valid HPKE public key");
    }
  }

  /**
   * §7.2: the leaf's non-default extensions and its credential type are in its capabilities, which
   * list no default proposal or extension type; §13.4: no extension type appears twice in its
   * extensions.
   */
  public void verifyOwnCapabilities(LeafNode leaf) {
    Capabilities caps = leaf.capabilities();
    if (hasDuplicateType(leaf.extensions())) {
      throw new ProtocolException(Rule.LEAF_DUPLICATE_EXTENSION, "leaf lists an extension type twice");
    }
    for (int type : caps.extensions()) {
      if (DEFAULT_EXTENSIONS.contains(type)) {
        throw new ProtocolException(Rule.DEFAULT_CAPABILITY, "capabilities list default extension type " + type);
      }
    }
    for (int type : caps.proposals()) {
      if (DEFAULT_PROPOSALS.contains(type)) {
        throw new ProtocolException(Rule.DEFAULT_CAPABILITY, "capabilities list default proposal type " + type);
      }
    }
    for (Extension e : leaf.extensions()) {
      if (!DEFAULT_EXTENSIONS.contains(e.type()) && !caps.extensions().contains(e.type())) {
        throw new ProtocolException(Rule.LEAF_CAPABILITIES, "extension " + e.type() + " not in capabilities");
      }
    }
    if (!caps.credentials().contains(leaf.credential().credentialType())) {
      throw new ProtocolException(Rule.LEAF_CAPABILITIES,
          "own credential type " + leaf.credential().credentialType() + " not in capabilities");
    }
  }

  /**
   * §13.4: "The {@code capabilities} field MUST indicate support for each extension in the
   * GroupContext": every non-default GroupContext extension type is listed in the leaf's
   * {@code capabilities.extensions}. Checked for every leaf entering the tree (an Add's KeyPackage
   * leaf, an Update, a commit's UpdatePath leaf), so that no commit adds a member that would then
   * refuse the Welcome and stay as an empty ghost leaf.
   */
  public void verifyGroupExtensionSupport(LeafNode leaf, List<Extension> groupContextExtensions) {
    List<Integer> listed = leaf.capabilities().extensions();
    for (Extension e : groupContextExtensions) {
      if (!DEFAULT_EXTENSIONS.contains(e.type()) && !listed.contains(e.type())) {
        throw new ProtocolException(Rule.LEAF_GROUP_EXTENSIONS,
            "the leaf does not support the group context extension type " + e.type());
      }
    }
  }

  /** §7.3, §11.1: the group's {@code required_capabilities}, if any, are supported. */
  public void verifyRequiredCapabilities(LeafNode leaf, List<Extension> groupContextExtensions) {
    Capabilities caps = leaf.capabilities();
    for (Extension e : groupContextExtensions) {
      if (e.type() != RequiredCapabilities.EXTENSION_TYPE) {
        continue;
      }
      RequiredCapabilities required = RequiredCapabilities.fromExtension(e);
      requireAll(required.extensionTypes(), caps.extensions(), DEFAULT_EXTENSIONS, "extension");
      requireAll(required.proposalTypes(), caps.proposals(), DEFAULT_PROPOSALS, "proposal");
      requireAll(required.credentialTypes(), caps.credentials(), Set.of(), "credential");
    }
  }

  private static void requireAll(List<Integer> required, List<Integer> listed, Set<Integer> implied, String what) {
    for (int type : required) {
      if (!implied.contains(type) && !listed.contains(type)) {
        throw new ProtocolException(Rule.REQUIRED_CAPABILITIES, "required " + what + " type " + type + " not supported");
      }
    }
  }

  /**
   * §7.3: every other member supports the leaf's credential type, and the leaf supports every
   * credential type the other members use.
   */
  public void verifyCredentialTypes(LeafNode leaf, TreeState tree, LeafIndex position) {
    int own = leaf.credential().credentialType();
    List<Integer> supported = leaf.capabilities().credentials();
    for (LeafIndex other : tree.nonBlankLeaves()) {
      if (other.equals(position)) {
        continue;
      }
      LeafNode member = tree.leaf(other).orElseThrow();
      if (!member.capabilities().credentials().contains(own)) {
        throw new ProtocolException(Rule.CREDENTIAL_TYPES,
            "member " + other.value() + " does not support credential type " + own);
      }
      if (!supported.contains(member.credential().credentialType())) {
        throw new ProtocolException(Rule.CREDENTIAL_TYPES,
            "credential type " + member.credential().credentialType() + " of member " + other.value() + " not supported");
      }
    }
  }

  /** §10: every non-default extension of a KeyPackage is listed in its leaf's capabilities. */
  public static boolean listsAll(Capabilities capabilities, List<Extension> extensions) {
    for (Extension e : extensions) {
      if (!DEFAULT_EXTENSIONS.contains(e.type()) && !capabilities.extensions().contains(e.type())) {
        return false;
      }
    }
    return true;
  }

  /** §13.4: whether some extension type appears more than once in {@code extensions}. */
  public static boolean hasDuplicateType(List<Extension> extensions) {
    Set<Integer> seen = new HashSet<>();
    for (Extension e : extensions) {
      if (!seen.add(e.type())) {
        return true;
      }
    }
    return false;
  }

  /**
   * §7.3: a key-package leaf is used only within its lifetime; other sources carry none. Skipped by
   * a validator {@link #forReceived() for received messages}: see the class comment.
   */
  public void verifyLifetime(LeafNode leaf) {
    if (!checkLifetime) {
      return;
    }
    if (leaf.source() instanceof LeafNodeSource.FromKeyPackage(Lifetime lifetime)) {
      long now = clock.instant().getEpochSecond();
      if (Long.compareUnsigned(now, lifetime.notBefore()) < 0 || Long.compareUnsigned(now, lifetime.notAfter()) > 0) {
        throw new ProtocolException(Rule.LIFETIME, "leaf lifetime does not cover the current time " + now);
      }
    }
  }

  /** §7.3: the leaf was created where it appears (key package, Update proposal or commit). */
  public static void verifySource(LeafNode leaf, Class<? extends LeafNodeSource> expected) {
    if (!expected.isInstance(leaf.source())) {
      throw new ProtocolException(Rule.LEAF_SOURCE,
          "leaf source is " + leaf.source().getClass().getSimpleName() + ", expected " + expected.getSimpleName());
    }
  }

  /**
   * §7.3: the encryption key appears in no node of {@code tree} (including the leaf being
   * replaced: an update must change it), the signature key in no other leaf.
   */
  public static void verifyUniqueKeys(LeafNode leaf, TreeState tree, LeafIndex position) {
    ByteBuffer encryptionKey = ByteBuffer.wrap(leaf.encryptionKey());
    ByteBuffer signatureKey = ByteBuffer.wrap(leaf.signatureKey());
    for (int n = 0; n < tree.nodeCount(); n++) {
      if (tree.encryptionKey(n).map(ByteBuffer::wrap).filter(encryptionKey::equals).isPresent()) {
        throw new ProtocolException(Rule.UNIQUE_ENCRYPTION_KEY, "encryption key already used at node " + n);
      }
    }
    for (LeafIndex other : tree.nonBlankLeaves()) {
      if (!other.equals(position)
          && signatureKey.equals(ByteBuffer.wrap(tree.leaf(other).orElseThrow().signatureKey()))) {
        throw new ProtocolException(Rule.UNIQUE_SIGNATURE_KEY, "signature key already used by leaf " + other.value());
      }
    }
  }

  /** §7.3 over a whole tree: no encryption key twice among all nodes, no signature key twice among leaves. */
  public static void verifyUniqueKeys(TreeState tree) {
    Set<ByteBuffer> encryptionKeys = new HashSet<>();
    for (int n = 0; n < tree.nodeCount(); n++) {
      int node = n;
      tree.encryptionKey(n).ifPresent(key -> {
        if (!encryptionKeys.add(ByteBuffer.wrap(key))) {
          throw new ProtocolException(Rule.UNIQUE_ENCRYPTION_KEY, "encryption key of node " + node + " appears twice");
        }
      });
    }
    Set<ByteBuffer> signatureKeys = new HashSet<>();
    for (LeafIndex leaf : tree.nonBlankLeaves()) {
      if (!signatureKeys.add(ByteBuffer.wrap(tree.leaf(leaf).orElseThrow().signatureKey()))) {
        throw new ProtocolException(Rule.UNIQUE_SIGNATURE_KEY, "signature key of leaf " + leaf.value() + " appears twice");
      }
    }
  }
}
