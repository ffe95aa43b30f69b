package io.conclave.mls.group.proposals;

import io.conclave.mls.Rule;
import io.conclave.mls.DecodeException;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.group.CredentialValidator;
import io.conclave.mls.keypackage.KeyPackageValidator;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.ExternalInit;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.PreSharedKey;
import io.conclave.mls.messages.PreSharedKeyId;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.ReInit;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.ResumptionPskUsage;
import io.conclave.mls.messages.Update;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.LeafNodeValidator;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks of single proposals (RFC 9420 §12.1) and of who may send them (§12.1.8). The checks that
 * depend on the rest of the commit (positions of Adds, key uniqueness after Updates and Removes)
 * run while the list is applied ({@link ProposalApplication}).
 */
public final class ProposalChecks {
  /** Proposal types an {@code external} sender may send (§12.1.8). */
  private static final Set<Integer> EXTERNAL_TYPES =
      Set.of(Add.TYPE, Remove.TYPE, PreSharedKey.TYPE, ReInit.TYPE, GroupContextExtensions.TYPE);

  private final CipherSuite suite;
  private final LeafNodeValidator leafValidator;
  private final CredentialValidator credentials;
  private final boolean allowReInit;

  /** Checks that refuse every ReInit ({@link Rule#REINIT_UNSUPPORTED}). */
  public ProposalChecks(CipherSuite suite, LeafNodeValidator leafValidator, CredentialValidator credentials) {
    this(suite, leafValidator, credentials, false);
  }

  /**
   * @param allowReInit whether a ReInit proposal is validated (§12.1.5) instead of refused with
   *     {@link Rule#REINIT_UNSUPPORTED} ({@link io.conclave.mls.group.GroupConfig#allowReInit()})
   */
  public ProposalChecks(CipherSuite suite, LeafNodeValidator leafValidator, CredentialValidator credentials,
      boolean allowReInit) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.leafValidator = Objects.requireNonNull(leafValidator, "leafValidator");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.allowReInit = allowReInit;
  }

  /**
   * The same checks for proposals and commits received from others: leaf lifetimes are not
   * compared with this member's clock ({@link LeafNodeValidator#forReceived()}), so that members
   * whose clocks differ agree on every commit.
   */
  public ProposalChecks forReceived() {
    return leafValidator.checksLifetime()
        ? new ProposalChecks(suite, leafValidator.forReceived(), credentials, allowReInit)
        : this;
  }

  public CipherSuite suite() {
    return suite;
  }

  public LeafNodeValidator leafValidator() {
    return leafValidator;
  }

  /** §12.1.8: the sender type may send this proposal type. */
  public static void checkSender(Proposal proposal, Sender sender) {
    int type = proposal.proposalType();
    boolean allowed = switch (sender) {
      case Sender.Member m -> type != ExternalInit.TYPE;
      case Sender.External e -> EXTERNAL_TYPES.contains(type);
      case Sender.NewMemberProposal n -> type == Add.TYPE;
      case Sender.NewMemberCommit n -> false;
    };
    if (!allowed) {
      throw new ProtocolException(Rule.SENDER_TYPE,
          "sender type " + sender.senderType() + " may not send proposal type " + type);
    }
  }

  /** The application accepts the credential of a leaf entering or changing in the tree. */
  public void checkCredential(LeafNode leaf) {
    checkCredential(leaf.credential(), leaf.signatureKey());
  }

  public void checkCredential(Credential credential, byte[] signatureKey) {
    if (credential instanceof Credential.X509 x509) {
      // §5.3: the end-entity certificate's key is the leaf's signature key, whatever the application checks.
      byte[] certKey;
      try {
        certKey = x509.endEntityPublicKey();
      } catch (IllegalArgumentException e) {
        throw new ProtocolException(Rule.X509_END_ENTITY_KEY, e.getMessage());
      }
      if (!java.security.MessageDigest.isEqual(certKey, signatureKey)) {
        throw new ProtocolException(Rule.X509_END_ENTITY_KEY,
            "the end-entity certificate's public key is not the leaf's signature key");
      }
    }
    if (!credentials.isValid(credential, signatureKey)) {
      throw new ProtocolException(Rule.CREDENTIAL, "credential rejected by the application");
    }
  }

  /**
   * RFC 9420 §5.3.1: a member's leaf {@code old} is replaced by a leaf with {@code newCredential}
   * and {@code newSignatureKey}; the application must accept the new credential as a valid
   * successor of the old one ({@link CredentialValidator#isValidSuccessor}). Not asked when neither
   * the credential nor the signature key changes.
   *
   * @param rule the rule id of the failure
   */
  public void checkSuccessor(LeafNode old, Credential newCredential, byte[] newSignatureKey, Rule rule) {
    if (Arrays.equals(old.credential().toBytes(), newCredential.toBytes())
        && Arrays.equals(old.signatureKey(), newSignatureKey)) {
      return;
    }
    requireSuccessor(old, newCredential, newSignatureKey, rule);
  }

  /** As {@link #checkSuccessor}, but asks the application even when nothing changes. */
  public void requireSuccessor(LeafNode old, Credential newCredential, byte[] newSignatureKey, Rule rule) {
    if (!credentials.isValidSuccessor(old.credential(), old.signatureKey(), newCredential, newSignatureKey)) {
      throw new ProtocolException(rule, "the new credential is not a valid successor of the replaced leaf's");
    }
  }

  /**
   * The checks of one proposal that need only the current epoch: its sender and its own validity
   * (§12.1.1–§12.1.7). Key uniqueness and credential types against the tree are checked on
   * application.
   */
  public void check(Proposal proposal, Sender sender, TreeState tree, byte[] groupId, List<Extension> extensions) {
    checkSender(proposal, sender);
    checkContent(proposal, sender, tree, groupId, extensions);
  }

  /** {@link #check} without the sender-type rule, for the proposals an external commit carries. */
  public void checkContent(Proposal proposal, Sender sender, TreeState tree, byte[] groupId,
      List<Extension> extensions) {
    switch (proposal) {
      case Add add -> {
        KeyPackageValidator.validate(suite, add.keyPackage(), leafValidator);
        leafValidator.verifyRequiredCapabilities(add.keyPackage().leafNode(), extensions);
        checkCredential(add.keyPackage().leafNode());
      }
      case Update update -> checkUpdate(update.leafNode(), sender, tree, groupId, extensions);
      case Remove remove -> checkRemove(remove, tree);
      case PreSharedKey psk -> checkPsk(psk.psk());
      case ReInit reInit -> {
        if (!allowReInit) {
          throw new ProtocolException(Rule.REINIT_UNSUPPORTED,
              "ReInit is not supported: this library does not reinitialise groups (§11.2)");
        }
        // §12.1.5 "version ... MUST NOT be less than the current version": ProtocolVersion.decode
        // yields only mls10, so a decoded ReInit always passes.
      }
      case ExternalInit init -> throw new ProtocolException(Rule.LIST_EXTERNAL_INIT,
          "ExternalInit is only valid in an external commit");
      // Support by the whole new membership is checked on application.
      case GroupContextExtensions gce -> checkGroupContextExtensions(gce.extensions());
    }
  }

  private void checkUpdate(LeafNode leaf, Sender sender, TreeState tree, byte[] groupId, List<Extension> extensions) {
    if (!(sender instanceof Sender.Member member)) {
      throw new ProtocolException(Rule.SENDER_TYPE, "only members send Update");
    }
    LeafIndex position = new LeafIndex((int) member.leafIndex());
    LeafNodeValidator.verifySource(leaf, LeafNodeSource.FromUpdate.class);
    leafValidator.verifySignature(leaf, groupId, position);
    leafValidator.verifyEncryptionKey(leaf, position);
    leafValidator.verifyOwnCapabilities(leaf);
    leafValidator.verifyRequiredCapabilities(leaf, extensions);
    checkCredential(leaf);
    // §5.3.1, §12.1.2: an Update replaces the sender's own leaf.
    tree.leaf(position).ifPresent(old ->
        checkSuccessor(old, leaf.credential(), leaf.signatureKey(), Rule.CREDENTIAL_SUCCESSOR));
  }

  /**
   * The extensions a GroupContextExtensions proposal sets: no type twice (§13.4), and an
   * {@code external_senders} extension that parses (§12.1.8.1) with credentials the application
   * accepts (§5.3.1: "When an external_senders extension is added to the group").
   */
  public void checkGroupContextExtensions(List<Extension> extensions) {
    for (ExternalSender sender : checkExtensionList(extensions)) {
      checkCredential(sender.credential(), sender.signatureKey());
    }
  }

  /**
   * The deterministic checks of a GroupContext's extensions, as proposed or as received in a
   * GroupInfo: no extension type twice (§13.4) and a well-formed {@code external_senders}
   * (§12.1.8.1: a list of signature key and credential, every key non-empty).
   *
   * @return the external senders listed, empty if there is no {@code external_senders}
   * @throws ProtocolException {@link Rule#GROUP_DUPLICATE_EXTENSION} or {@link Rule#EXTERNAL_SENDERS}
   */
  public static List<ExternalSender> checkExtensionList(List<Extension> extensions) {
    if (LeafNodeValidator.hasDuplicateType(extensions)) {
      throw new ProtocolException(Rule.GROUP_DUPLICATE_EXTENSION, "an extension type appears twice");
    }
    for (Extension e : extensions) {
      if (e.type() == ExternalSenders.EXTENSION_TYPE) {
        List<ExternalSender> senders;
        try {
          senders = ExternalSenders.fromExtension(e).senders();
        } catch (DecodeException | IllegalArgumentException bad) {
          throw new ProtocolException(Rule.EXTERNAL_SENDERS, "external_senders does not parse: "
              + bad.getMessage());
        }
        for (ExternalSender sender : senders) {
          if (sender.signatureKey().length == 0) {
            throw new ProtocolException(Rule.EXTERNAL_SENDERS, "external sender with an empty signature key");
          }
        }
        return senders;
      }
    }
    return List.of();
  }

  /** §12.1.3: the removed leaf exists and is not blank. */
  public static void checkRemove(Remove remove, TreeState tree) {
    if (remove.removed() >= tree.leafCount() || tree.leaf(new LeafIndex((int) remove.removed())).isEmpty()) {
      throw new ProtocolException(Rule.REMOVE_BLANK, "leaf " + remove.removed() + " is blank");
    }
  }

  /** §12.1.4: nonce length, and no reinit or branch resumption PSK in a regular commit. */
  public void checkPsk(PreSharedKeyId id) {
    if (id.pskNonce().length != suite.hashLength()) {
      throw new ProtocolException(Rule.PSK_NONCE, "psk_nonce of " + id.pskNonce().length + " bytes");
    }
    if (id instanceof PreSharedKeyId.Resumption r && r.usage() != ResumptionPskUsage.APPLICATION) {
      throw new ProtocolException(Rule.PSK_USAGE, "resumption PSK with usage " + r.usage());
    }
  }
}
