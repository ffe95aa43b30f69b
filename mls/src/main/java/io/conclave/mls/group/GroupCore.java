package io.conclave.mls.group;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PrivateMessage;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.TranscriptHashes;
import io.conclave.mls.group.commit.CommitCreator;
import io.conclave.mls.group.commit.CommitEnv;
import io.conclave.mls.group.commit.CommitProcessor;
import io.conclave.mls.group.commit.HandshakeFraming;
import io.conclave.mls.group.commit.NextEpoch;
import io.conclave.mls.group.proposals.ProposalApplication;
import io.conclave.mls.group.proposals.ProposalChecks;
import io.conclave.mls.group.proposals.ProposalSelection;
import io.conclave.mls.group.proposals.ProposalStore;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.group.state.PskResolver;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.schedule.PskSecret;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.LeafNodeValidator;
import io.conclave.mls.tree.Lifetime;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treekem.TreePrivateKeys;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mutable state behind {@link Group}: the current epoch, the previous one kept for late
 * messages, the proposal cache, a pending commit and the keys of this member's pending Updates.
 * Not thread-safe; {@link Group} synchronizes.
 */
final class GroupCore {
  private final CipherSuite suite;
  private final GroupConfig config;
  private final SignatureKeyPair signer;
  private final ProposalChecks checks;
  private final ProposalStore proposals = new ProposalStore();
  private final Map<ByteBuffer, HpkeKeyPair> updateKeys = new HashMap<>();
  /** This epoch's own proposal messages, so an echo from the delivery service is recognised. */
  private final Map<ByteBuffer, ProcessResult.ProposalStored> ownProposals = new HashMap<>();
  private PskResolver psks;
  private EpochState current;
  private EpochState previous;
  private Instant previousExpiry;
  private boolean active = true;
  private CommitCreator.Created pending;
  private byte[] pendingMessage;

  private GroupCore(CipherSuite suite, SignatureKeyPair signer, byte[] groupId, GroupConfig config) {
    this.suite = suite;
    this.config = config;
    this.signer = signer;
    this.checks = new ProposalChecks(suite, new LeafNodeValidator(suite, config.clock()), config.credentialValidator(),
        config.allowReInit());
    this.psks = new PskResolver(config.pskStore(), config.resumptionPskEpochs(), groupId);
  }

  /** A core with no epoch yet, for joining; {@link #start} gives it one. */
  static GroupCore empty(CipherSuite suite, SignatureKeyPair signer, byte[] groupId, GroupConfig config) {
    return new GroupCore(suite, signer, groupId, config);
  }

  /** RFC 9420 §11: a one-member group in epoch 0 with a random init secret and no commit secret. */
  static GroupCore create(CipherSuite suite, byte[] groupId, Credential credential, SignatureKeyPair signer,
      List<Extension> extensions, GroupConfig config) {
    GroupCore core = new GroupCore(suite, signer, groupId, config);
    HpkeKeyPair leafKeys = suite.generateHpkeKeyPair();
    List<Integer> extensionTypes = extensions.stream().map(Extension::type)
        .filter(t -> !ProposalApplication.isDefaultExtension(t)).toList();
    Capabilities defaults = KeyPackageBundle.defaultCapabilities(suite);
    Capabilities capabilities = new Capabilities(defaults.versions(), defaults.cipherSuites(), extensionTypes,
        defaults.proposals(), defaults.credentials());
    LeafNode unsigned = new LeafNode(leafKeys.publicKey(), signer.publicKey(), credential, capabilities,
        new LeafNodeSource.FromKeyPackage(ownLifetime(config)), List.of(), new byte[0]);
    LeafNode leaf = new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), credential, capabilities,
        unsigned.source(), List.of(), suite.signWithLabel(signer.privateKey(), "LeafNodeTBS", unsigned.toBeSigned()));
    TreeState tree = TreeState.withFirstLeaf(suite, leaf);
    core.checks.leafValidator().verifyRequiredCapabilities(leaf, extensions);
    GroupContext context = new GroupContext(1, suite.id(), groupId, 0, tree.treeHash(), new byte[0], extensions);
    byte[] init = new byte[suite.hashLength()];
    config.random().nextBytes(init);
    SecretBytes initSecret = SecretBytes.wrap(init);
    SecretBytes zero = PskSecret.none(suite);
    EpochSecrets secrets = KeySchedule.nextEpoch(suite, initSecret, zero, zero, context);
    initSecret.destroy();
    secrets.destroyWelcomeSecrets();
    byte[] tag = EpochState.confirmationTag(suite, secrets.confirmationKey(), new byte[0]);
    byte[] interim = TranscriptHashes.interim(suite, new byte[0], tag);
    TreePrivateKeys keys = new TreePrivateKeys(suite, new LeafIndex(0), leafKeys);
    EpochState state = new EpochState(suite, context, tree, keys, secrets,
        secrets.createSecretTree(tree.leafCount(), config.ratchetConfig()), interim, tag);
    return core.start(state);
  }

  /**
   * The creator's own leaf (§7.2): valid from an hour before now, for clocks behind ours, and for
   * {@link LeafNodeValidator#MAX_TOTAL_LIFETIME} in total.
   */
  static Lifetime ownLifetime(GroupConfig config) {
    long notBefore = config.clock().instant().minus(java.time.Duration.ofHours(1)).getEpochSecond();
    return new Lifetime(notBefore, notBefore + LeafNodeValidator.MAX_TOTAL_LIFETIME.toSeconds());
  }

  /** Enters the first epoch of a created or joined group. */
  GroupCore start(EpochState state) {
    psks = new PskResolver(config.pskStore(), config.resumptionPskEpochs(), state.groupId());
    current = state;
    psks.remember(state.epoch(), state.secrets().resumptionPsk());
    return this;
  }

  /** Resumes a saved epoch, keeping the resumption PSKs already remembered. */
  void resume(EpochState state) {
    current = state;
  }

  CipherSuite suite() {
    return suite;
  }

  GroupConfig config() {
    return config;
  }

  SignatureKeyPair signer() {
    return signer;
  }

  ProposalChecks checks() {
    return checks;
  }

  PskResolver psks() {
    return psks;
  }

  ProposalStore proposals() {
    return proposals;
  }

  Map<ByteBuffer, HpkeKeyPair> updateKeys() {
    return updateKeys;
  }

  EpochState current() {
    return current;
  }

  boolean isActive() {
    return active;
  }

  void requireActive() {
    if (!active) {
      throw new ProtocolException(Rule.INACTIVE, "this member is no longer in the group");
    }
  }

  boolean hasPending() {
    return pending != null;
  }

  CommitEnv env() {
    return new CommitEnv(checks, psks, config.ratchetConfig(),
        key -> Optional.ofNullable(updateKeys.get(ByteBuffer.wrap(key))));
  }

  byte[] randomNonce() {
    byte[] nonce = new byte[suite.hashLength()];
    config.random().nextBytes(nonce);
    return nonce;
  }

  /** Zero bytes that bring the content and its authentication data to a multiple of the padding block. */
  int padding(AuthenticatedContent content) {
    int length = content.content().content().toBytes().length + content.auth().toBytes().length;
    int block = config.paddingBlock();
    return (block - length % block) % block;
  }

  // ---- proposals ----

  /** This member's leaf with a new encryption key, source {@code update} (RFC 9420 §12.1.2). */
  LeafNode updateLeaf(HpkeKeyPair keys) {
    requireActive();
    LeafNode old = current.ownLeafNode();
    LeafNode unsigned = new LeafNode(keys.publicKey(), old.signatureKey(), old.credential(), old.capabilities(),
        new LeafNodeSource.FromUpdate(), old.extensions(), new byte[0]);
    byte[] signature = suite.signWithLabel(signer.privateKey(), "LeafNodeTBS",
        unsigned.toBeSigned(current.groupId(), current.ownLeaf().value()));
    return new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), unsigned.credential(),
        unsigned.capabilities(), unsigned.source(), unsigned.extensions(), signature);
  }

  void keepUpdateKey(HpkeKeyPair keys) {
    updateKeys.put(ByteBuffer.wrap(keys.publicKey()), keys);
  }

  /** Signs, caches and protects a proposal of this member. */
  MlsMessage propose(Proposal proposal) {
    requireActive();
    Sender me = new Sender.Member(current.ownLeaf().value());
    checks.check(proposal, me, current.tree(), current.groupId(), current.context().extensions());
    FramedContent content = new FramedContent(current.groupId(), current.epoch(), me, new byte[0],
        new Content.ProposalContent(proposal));
    AuthenticatedContent signed = HandshakeFraming.sign(current, signer.privateKey(),
        config.handshakeFormat(), content);
    byte[] ref = proposals.add(suite, signed);
    MlsMessage message = HandshakeFraming.protect(current, signed, padding(signed), config.random());
    ownProposals.put(ByteBuffer.wrap(message.toBytes()), new ProcessResult.ProposalStored(ref, me,
        proposal.proposalType()));
    return message;
  }

  // ---- commits ----

  CommitCreator.Created createCommit(List<Proposal> inline, CommitOptions options) {
    requireActive();
    if (pending != null) {
      throw new ProtocolException(Rule.PENDING_COMMIT, "merge or discard the pending commit first");
    }
    ProposalSelection selection = ProposalSelection.select(inline, proposals, options.includePendingProposals(),
        current.ownLeaf().value());
    // The padding of a PrivateMessage commit is not known before the path exists; one block is enough.
    CommitCreator.Request request = new CommitCreator.Request(selection.proposals(), selection.wire(),
        options.forcePath(), options.authenticatedData(), config.handshakeFormat(), config.paddingBlock() - 1,
        config.ratchetTreeExtension());
    CommitCreator.Created created = CommitCreator.create(current, signer, request, env(), config.random());
    pending = created;
    pendingMessage = created.message().toBytes();
    return created;
  }

  ProcessResult.CommitApplied mergePending() {
    if (pending == null) {
      throw new ProtocolException(Rule.PENDING_COMMIT, "no pending commit");
    }
    NextEpoch next = pending.next();
    pending = null;
    pendingMessage = null;
    next.state().orElseThrow().keys().forgetStale(next.state().orElseThrow().tree());
    install(next);
    return applied(next);
  }

  void discardPending() {
    if (pending == null) {
      throw new ProtocolException(Rule.PENDING_COMMIT, "no pending commit");
    }
    EpochState next = pending.next().state().orElseThrow();
    if (next.keys() != current.keys()) {
      next.keys().destroy();
    }
    next.destroy();
    pending = null;
    pendingMessage = null;
  }

  private static ProcessResult.CommitApplied applied(NextEpoch next) {
    return new ProcessResult.CommitApplied(next.epoch(), next.committer(), next.added(), next.removed(),
        next.updated(), next.selfRemoved(), next.addedMembers(), next.proposals(), next.newGroupContextExtensions());
  }

  /** Makes {@code next} the current epoch; the old one keeps only what late application messages need. */
  private void install(NextEpoch next) {
    expirePrevious(true);
    current.retire();
    previous = current;
    previousExpiry = config.clock().instant().plus(config.previousEpochGrace());
    proposals.clear();
    ownProposals.clear();
    if (next.state().isEmpty()) {
      active = false;
      updateKeys.values().forEach(k -> k.privateKey().destroy());
      updateKeys.clear();
      current.keys().destroy();
      // A removed member forgets the group's resumption PSKs: it takes part in no later epoch.
      psks.destroy();
      return;
    }
    EpochState state = next.state().get();
    byte[] ownKey = state.ownLeafNode().encryptionKey();
    updateKeys.values().stream().filter(k -> !Arrays.equals(k.publicKey(), ownKey))
        .forEach(k -> k.privateKey().destroy());
    updateKeys.clear();
    current = state;
    psks.remember(state.epoch(), state.secrets().resumptionPsk());
    if (next.reinit()) {
      // RFC 9420 §12.4.2: after a ReInit the group is not used to send anymore.
      active = false;
    }
  }

  /** Destroys the previous epoch once its grace period ended, or now if {@code force}. */
  private void expirePrevious(boolean force) {
    if (previous != null && (force || config.clock().instant().isAfter(previousExpiry))) {
      previous.destroy();
      previous = null;
    }
  }

  // ---- receiving ----

  ProcessResult process(MlsMessage message) {
    expirePrevious(false);
    if (pendingMessage != null && isCommit(message) && Arrays.equals(pendingMessage, message.toBytes())) {
      return mergePending();
    }
    if (!ownProposals.isEmpty()) {
      ProcessResult.ProposalStored own = ownProposals.get(ByteBuffer.wrap(message.toBytes()));
      if (own != null) {
        return own;
      }
    }
    AuthenticatedContent content = switch (message.body()) {
      case MlsMessage.Public p -> unprotect(p.message());
      case MlsMessage.Private p -> unprotect(p.message());
      default -> throw new ProtocolException(Rule.WIRE_FORMAT, "cannot process a " + message.wireFormat());
    };
    FramedContent framed = content.content();
    return switch (framed.content()) {
      case Content.ApplicationData data -> new ProcessResult.ApplicationMessage(
          new LeafIndex((int) ((Sender.Member) framed.sender()).leafIndex()), data.data(), framed.authenticatedData());
      case Content.ProposalContent p -> storeProposal(content, p.proposal());
      case Content.CommitContent c -> processCommit(content);
    };
  }

  private static boolean isCommit(MlsMessage message) {
    return switch (message.body()) {
      case MlsMessage.Public p -> p.message().content().contentType() == ContentType.COMMIT;
      case MlsMessage.Private p -> p.message().contentType() == ContentType.COMMIT;
      default -> false;
    };
  }

  private AuthenticatedContent unprotect(PublicMessage message) {
    requireActive();
    FramedContent content = message.content();
    checkGroupAndEpoch(content.groupId(), content.epoch());
    return HandshakeFraming.unprotectPublic(current, message);
  }

  private AuthenticatedContent unprotect(PrivateMessage message) {
    if (!Arrays.equals(message.groupId(), current.groupId())) {
      throw new ProtocolException(Rule.GROUP_ID, "message for another group");
    }
    if (message.epoch() != current.epoch() || !active) {
      if (previous != null && message.epoch() == previous.epoch()) {
        if (message.contentType() != ContentType.APPLICATION) {
          throw new ProtocolException(Rule.EPOCH, "handshake message of the previous epoch");
        }
        return HandshakeFraming.unprotectPrivate(previous, message);
      }
      throw new ProtocolException(message.epoch() < current.epoch() ? Rule.EPOCH_EXPIRED : Rule.EPOCH,
          "message for epoch " + Long.toUnsignedString(message.epoch()) + ", group is at "
              + Long.toUnsignedString(current.epoch()));
    }
    return HandshakeFraming.unprotectPrivate(current, message);
  }

  private void checkGroupAndEpoch(byte[] groupId, long epoch) {
    if (!Arrays.equals(groupId, current.groupId())) {
      throw new ProtocolException(Rule.GROUP_ID, "message for another group");
    }
    if (epoch != current.epoch()) {
      throw new ProtocolException(Rule.EPOCH, "message for epoch " + Long.toUnsignedString(epoch)
          + ", group is at " + Long.toUnsignedString(current.epoch()));
    }
  }

  private ProcessResult storeProposal(AuthenticatedContent content, Proposal proposal) {
    Sender sender = content.content().sender();
    checks.forReceived().check(proposal, sender, current.tree(), current.groupId(), current.context().extensions());
    // §16.11: the application decides which valid proposals may be committed by reference.
    if (!config.proposalPolicy().accept(sender, proposal)) {
      return new ProcessResult.ProposalRefused(sender, proposal.proposalType());
    }
    byte[] ref = proposals.add(suite, content);
    return new ProcessResult.ProposalStored(ref, sender, proposal.proposalType());
  }

  private ProcessResult processCommit(AuthenticatedContent content) {
    Sender sender = content.content().sender();
    if (sender instanceof Sender.Member m && m.leafIndex() == current.ownLeaf().value()) {
      throw new ProtocolException(Rule.OWN_COMMIT, "own commit that is not the pending one");
    }
    if (sender instanceof Sender.NewMemberCommit && !config.allowExternalCommits()) {
      throw new ProtocolException(Rule.EXTERNAL_COMMIT_REFUSED, "external commits are not allowed");
    }
    if (pending != null) {
      throw new ProtocolException(Rule.PENDING_COMMIT, "discard the pending commit before processing another");
    }
    NextEpoch next = CommitProcessor.process(current, content, proposals, env());
    install(next);
    return applied(next);
  }

  @Override
  public String toString() {
    return current == null ? "no epoch" : current + (active ? "" : ", inactive");
  }
}
