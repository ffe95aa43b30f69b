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
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.commit.CommitCreator;
import io.conclave.mls.group.commit.HandshakeFraming;
import io.conclave.mls.group.join.ExternalCommitJoin;
import io.conclave.mls.group.join.GroupInfos;
import io.conclave.mls.group.join.WelcomeJoin;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.PreSharedKey;
import io.conclave.mls.messages.PreSharedKeyId;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.Update;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.treemath.LeafIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One member's view of an MLS group (RFC 9420): create or join it, propose and commit changes,
 * process what others send, encrypt application data and export secrets. See the package
 * documentation for an example.
 *
 * <p>Commits are two-phase: {@link #commit} returns the messages and holds the new epoch as
 * pending; {@link #mergePendingCommit()} installs it once the delivery service accepted the commit,
 * {@link #discardPendingCommit()} drops it when another commit of the epoch won (which is then
 * {@linkplain #process processed} as usual).
 *
 * <p>After a commit the previous epoch's secret tree is kept for
 * {@link GroupConfig#previousEpochGrace()} so late application messages still decrypt; every other
 * secret of a superseded epoch is destroyed at once. Methods are synchronized; the object can be
 * shared between threads.
 */
public final class Group {
  private final GroupCore core;

  Group(GroupCore core) {
    this.core = core;
  }

  /** The state behind this group, for tests in this package that craft hostile messages. */
  GroupCore core() {
    return core;
  }

  /**
   * Creates a one-member group in epoch 0 (RFC 9420 §11) with a fresh leaf for {@code credential}.
   *
   * @param groupContextExtensions e.g. {@code external_senders} or {@code required_capabilities}
   */
  public static Group create(CipherSuite suite, byte[] groupId, Credential credential, SignatureKeyPair signer,
      List<Extension> groupContextExtensions, GroupConfig config) {
    return new Group(GroupCore.create(suite, groupId, credential, signer, groupContextExtensions, config));
  }

  /** {@link #create(CipherSuite, byte[], Credential, SignatureKeyPair, List, GroupConfig)} without extensions. */
  public static Group create(CipherSuite suite, byte[] groupId, Credential credential, SignatureKeyPair signer,
      GroupConfig config) {
    return create(suite, groupId, credential, signer, List.of(), config);
  }

  /**
   * Joins from a Welcome (RFC 9420 §12.4.3.1) with the private keys of the KeyPackage it adds.
   *
   * <p><strong>Group-id uniqueness is the caller's check.</strong> §12.4.3.1: "Verify that the
   * {@code group_id} is unique among the groups that the client is currently participating in."
   * The library does not know the application's other groups: compare {@link #groupId()} of the
   * result with them and discard it on a clash (Conclave accepts only the meeting's id).
   *
   * <p>Once the Welcome has an entry for {@code keyPackage}, a failed join destroys the bundle's
   * init key (§16.8: a KeyPackage is used once) and leaves its leaf and signature keys alone; after
   * a successful join the caller destroys the init key ({@link KeyPackageBundle#destroyInitKey()}).
   *
   * @param ratchetTree the tree, needed only if the GroupInfo lacks the {@code ratchet_tree} extension
   */
  public static Group joinFromWelcome(MlsMessage welcome, KeyPackageBundle keyPackage,
      Optional<RatchetTree> ratchetTree, GroupConfig config) {
    if (!(welcome.body() instanceof MlsMessage.WelcomeBody body)) {
      throw new ProtocolException(Rule.WIRE_FORMAT, "expected a Welcome, got " + welcome.wireFormat());
    }
    // The group id is known only after decryption; a joiner has no resumption PSKs of it anyway.
    GroupCore core = GroupCore.empty(keyPackage.suite(), keyPackage.signatureKeyPair(), new byte[0], config);
    EpochState state = WelcomeJoin.join(body.welcome(), keyPackage, ratchetTree, core.psks(), core.checks(),
        config.ratchetConfig());
    return new Group(core.start(state));
  }

  /**
   * Joins by external commit (RFC 9420 §12.4.3.2) from a GroupInfo with {@code external_pub}. The
   * returned group is already in the new epoch; send {@link ExternalJoin#commit()}.
   */
  public static ExternalJoin joinExternally(MlsMessage groupInfo, Credential credential, SignatureKeyPair signer,
      ExternalJoinOptions options, GroupConfig config) {
    if (!(groupInfo.body() instanceof MlsMessage.GroupInfoBody body)) {
      throw new ProtocolException(Rule.WIRE_FORMAT, "expected a GroupInfo, got " + groupInfo.wireFormat());
    }
    GroupInfo info = body.groupInfo();
    CipherSuite suite = ExternalCommitJoin.suiteOf(info);
    GroupCore core = GroupCore.empty(suite, signer, info.groupContext().groupId(), config);
    Capabilities capabilities = options.capabilities().orElseGet(() -> KeyPackageBundle.defaultCapabilities(suite));
    ExternalCommitJoin.Joined joined = ExternalCommitJoin.join(info, options.ratchetTree(), credential, signer,
        new ExternalCommitJoin.Leaf(capabilities, options.leafExtensions()), options.resyncRemove(), new byte[0],
        core.checks(), config.ratchetConfig());
    return new ExternalJoin(new Group(core.start(joined.state())), joined.commit());
  }

  /**
   * {@link #joinExternally(MlsMessage, Credential, SignatureKeyPair, ExternalJoinOptions, GroupConfig)}
   * with the default leaf capabilities and no leaf extensions.
   *
   * @param ratchetTree the tree, needed only if the GroupInfo lacks the {@code ratchet_tree} extension
   * @param resyncRemove this client's old leaf, to replace it in the same commit (resync)
   */
  public static ExternalJoin joinExternally(MlsMessage groupInfo, Optional<RatchetTree> ratchetTree,
      Credential credential, SignatureKeyPair signer, Optional<LeafIndex> resyncRemove, GroupConfig config) {
    return joinExternally(groupInfo, credential, signer,
        new ExternalJoinOptions(ratchetTree, resyncRemove, Optional.empty(), List.of()), config);
  }

  /** {@link #joinExternally(MlsMessage, Credential, SignatureKeyPair, ExternalJoinOptions, GroupConfig)}
      with {@link ExternalJoinOptions#DEFAULT}. */
  public static ExternalJoin joinExternally(MlsMessage groupInfo, Credential credential, SignatureKeyPair signer,
      GroupConfig config) {
    return joinExternally(groupInfo, credential, signer, ExternalJoinOptions.DEFAULT, config);
  }

  /**
   * Restores a group saved with {@link #toBytes()}. The previous epoch kept for late messages and a
   * pending commit are not part of the saved state.
   */
  public static Group fromBytes(byte[] state, GroupConfig config) {
    return new Group(GroupStateCodec.decode(state, config));
  }

  /**
   * The group's state: epoch secrets, secret tree, private tree keys and signature private key.
   * <strong>It contains private keys: the caller must encrypt it at rest</strong> and should destroy
   * older copies. Not saved: the previous epoch kept for late messages and any pending commit.
   */
  public synchronized byte[] toBytes() {
    return GroupStateCodec.encode(core);
  }

  // ---- proposals ----

  /** Proposes adding the owner of {@code keyPackage} (RFC 9420 §12.1.1). */
  public synchronized MlsMessage proposeAdd(KeyPackage keyPackage) {
    return core.propose(new Add(keyPackage));
  }

  /** Proposes removing the member at {@code leaf} (RFC 9420 §12.1.3). */
  public synchronized MlsMessage proposeRemove(LeafIndex leaf) {
    return core.propose(new Remove(leaf.value()));
  }

  /** Proposes replacing this member's leaf with one with a fresh encryption key (RFC 9420 §12.1.2). */
  public synchronized MlsMessage proposeUpdate() {
    HpkeKeyPair keys = core.suite().generateHpkeKeyPair();
    LeafNode leaf = core.updateLeaf(keys);
    MlsMessage message = core.propose(new Update(leaf));
    core.keepUpdateKey(keys);
    return message;
  }

  /** Proposes injecting the external PSK {@code pskId} into the next epoch (RFC 9420 §12.1.4). */
  public synchronized MlsMessage proposeExternalPsk(byte[] pskId) {
    return core.propose(new PreSharedKey(new PreSharedKeyId.External(pskId, core.randomNonce())));
  }

  /** Proposes replacing the group context extensions (RFC 9420 §12.1.7). */
  public synchronized MlsMessage proposeGroupContextExtensions(List<Extension> extensions) {
    return core.propose(new GroupContextExtensions(extensions));
  }

  // ---- commits ----

  /**
   * Creates a commit of {@code options} and the proposals received in this epoch (RFC 9420
   * §12.4.1) and holds it as pending.
   *
   * @throws ProtocolException {@link Rule#PENDING_COMMIT} if one is pending already
   */
  public synchronized CommitOutput commit(CommitOptions options) {
    List<Proposal> inline = new ArrayList<>();
    options.adds().forEach(kp -> inline.add(new Add(kp)));
    options.removes().forEach(leaf -> inline.add(new Remove(leaf.value())));
    for (byte[] pskId : options.externalPsks()) {
      inline.add(new PreSharedKey(new PreSharedKeyId.External(pskId, core.randomNonce())));
    }
    options.groupContextExtensions().ifPresent(e -> inline.add(new GroupContextExtensions(e)));
    CommitCreator.Created created = core.createCommit(inline, options);
    EpochState next = created.next().state().orElseThrow();
    // No external_pub: an application that wants external joins publishes groupInfo(true) itself.
    GroupInfo info = GroupInfos.create(next, core.signer().privateKey(), false, core.config().ratchetTreeExtension());
    return new CommitOutput(created.message(), created.welcome(),
        new MlsMessage(new MlsMessage.GroupInfoBody(info)));
  }

  /** {@link #commit(CommitOptions)} with {@link CommitOptions#DEFAULT}. */
  public synchronized CommitOutput commit() {
    return commit(CommitOptions.DEFAULT);
  }

  /**
   * Installs the pending commit: the delivery service accepted it. The result carries the same
   * provenance as for a received commit: proposals by value have this member as proposer.
   */
  public synchronized ProcessResult.CommitApplied mergePendingCommit() {
    return core.mergePending();
  }

  /** Drops the pending commit, e.g. because another commit of this epoch was accepted instead. */
  public synchronized void discardPendingCommit() {
    core.discardPending();
  }

  public synchronized boolean hasPendingCommit() {
    return core.hasPending();
  }

  // ---- messages ----

  /**
   * Processes a PublicMessage or PrivateMessage for this group (RFC 9420 §6, §12.1, §12.4.2). This
   * member's own pending commit, echoed back by the delivery service, is merged.
   *
   * <p>A received proposal is cached for a commit by reference only if the configured
   * {@link ProposalPolicy} accepts it, else the result is {@link ProcessResult.ProposalRefused}. A
   * commit reports the provenance of every proposal it covered
   * ({@link ProcessResult.CommitApplied#proposals()}, {@link ProcessResult.CommitApplied#addedMembers()}).
   * An external commit is processed only if {@link GroupConfig#allowExternalCommits()}.
   *
   * @throws ProtocolException {@link Rule#PENDING_COMMIT} for another member's commit while one
   *     of this member's is pending (discard it first); {@link Rule#EXTERNAL_COMMIT_REFUSED} for
   *     an external commit when they are not allowed; {@link Rule#UNKNOWN_PROPOSAL} for a commit
   *     that refers to a proposal this member refused or never received
   */
  public synchronized ProcessResult process(MlsMessage message) {
    return core.process(message);
  }

  /**
   * Whether valid proposals are stored in this epoch (received and accepted by the
   * {@link ProposalPolicy}, or proposed by this member). While there are, this member must commit
   * before it sends application data (RFC 9420 §12.4): {@link #encryptApplication} refuses. An
   * application queues its data and sends it once the next epoch is entered.
   */
  public synchronized boolean hasPendingProposals() {
    return !core.proposals().isEmpty();
  }

  /**
   * Encrypts application data as a PrivateMessage, padded per {@link GroupConfig#paddingBlock()}.
   *
   * @throws ProtocolException {@link Rule#PROPOSALS_PENDING} while {@link #hasPendingProposals()}:
   *     RFC 9420 §12.4 requires a commit first, so that e.g. a member whose Remove is pending does
   *     not read data sent after the Remove was proposed; {@link Rule#INACTIVE} once removed
   */
  public synchronized MlsMessage encryptApplication(byte[] data) {
    return encryptApplication(data, new byte[0]);
  }

  /** As {@link #encryptApplication(byte[])}, with authenticated but unencrypted {@code authenticatedData}. */
  public synchronized MlsMessage encryptApplication(byte[] data, byte[] authenticatedData) {
    core.requireActive();
    if (!core.proposals().isEmpty()) {
      throw new ProtocolException(Rule.PROPOSALS_PENDING,
          "proposals are pending in this epoch: commit them before sending application data (RFC 9420 §12.4)");
    }
    EpochState state = core.current();
    FramedContent content = new FramedContent(state.groupId(), state.epoch(),
        new Sender.Member(state.ownLeaf().value()),
        authenticatedData, new Content.ApplicationData(data));
    AuthenticatedContent signed = HandshakeFraming.sign(state, core.signer().privateKey(), WireFormat.PRIVATE_MESSAGE,
        content);
    return HandshakeFraming.protect(state, signed, core.padding(signed), core.config().random());
  }

  // ---- state ----

  /** {@code MLS-Exporter(label, context, length)} of the current epoch (RFC 9420 §8.5). */
  public synchronized byte[] exportSecret(String label, byte[] context, int length) {
    core.requireActive();
    SecretBytes secret = core.current().secrets().export(label, context, length);
    try {
      return secret.copy();
    } finally {
      secret.destroy();
    }
  }

  public synchronized long epoch() {
    return core.current().epoch();
  }

  public synchronized byte[] groupId() {
    return core.current().groupId();
  }

  public synchronized CipherSuite cipherSuite() {
    return core.suite();
  }

  /** The epoch authenticator (RFC 9420 §8.7), for out-of-band comparison between members. */
  public synchronized byte[] epochAuthenticator() {
    core.requireActive();
    return core.current().secrets().epochAuthenticator().copy();
  }

  /** The current members, by leaf index. */
  public synchronized List<Member> roster() {
    EpochState state = core.current();
    List<Member> out = new ArrayList<>();
    for (LeafIndex leaf : state.tree().nonBlankLeaves()) {
      LeafNode node = state.tree().leaf(leaf).orElseThrow();
      out.add(new Member(leaf, node.credential(), node.signatureKey(), node.encryptionKey()));
    }
    return out;
  }

  public synchronized LeafIndex ownLeafIndex() {
    return core.current().ownLeaf();
  }

  /** The group context extensions of the current epoch. */
  public synchronized List<Extension> groupContextExtensions() {
    return core.current().context().extensions();
  }

  /** False once this member was removed; it can then only decrypt late messages of the last epoch. */
  public synchronized boolean isActive() {
    return core.isActive();
  }

  /**
   * A signed GroupInfo of the current epoch (RFC 9420 §12.4.3), with the {@code ratchet_tree}
   * extension if configured and, if {@code withExternalPub}, {@code external_pub} for external joins.
   */
  public synchronized MlsMessage groupInfo(boolean withExternalPub) {
    core.requireActive();
    GroupInfo info = GroupInfos.create(core.current(), core.signer().privateKey(), withExternalPub,
        core.config().ratchetTreeExtension());
    return new MlsMessage(new MlsMessage.GroupInfoBody(info));
  }

  /** The public ratchet tree, for joiners when GroupInfos are sent without it (RFC 9420 §12.4.3.3). */
  public synchronized RatchetTree ratchetTree() {
    return core.current().tree().toRatchetTree();
  }

  @Override
  public synchronized String toString() {
    return "Group[" + core + "]";
  }
}
