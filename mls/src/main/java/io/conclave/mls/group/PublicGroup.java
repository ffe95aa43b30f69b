package io.conclave.mls.group;

import io.conclave.mls.Rule;
import io.conclave.mls.CryptoException;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.TranscriptHashes;
import io.conclave.mls.group.proposals.ProposalChecks;
import io.conclave.mls.group.proposals.ProposalStore;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeValidator;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.tree.TreeValidator;
import io.conclave.mls.treemath.LeafIndex;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A group as seen from outside: the ratchet tree, the GroupContext and the interim transcript hash,
 * and no secret at all (compare OpenMLS's {@code PublicGroup}). A delivery service follows a group
 * with it: it verifies each PublicMessage commit's signature against the tree, applies the commit's
 * proposals and UpdatePath with public keys only, computes the next GroupContext, and installs the
 * epoch once the committer's GroupInfo for it agrees (RFC 9420 §6.1, §12.4.2, §12.4.3).
 *
 * <p>What it cannot check, for want of the epoch's secrets: the membership tag of member messages
 * (§6.2), the confirmation tag of commits (§8.1), the path secrets' ciphertexts (§7.6: only their
 * number) and anything sent as PrivateMessage (§6.3), which it refuses. A member of the group can
 * therefore make it accept a commit that other members reject (e.g. a wrong confirmation tag); a
 * non-member cannot make it accept anything, since every commit is signed by a leaf of the tree.
 *
 * <p>Every rejection of peer data is a {@link ProtocolException} whose {@link ProtocolException#rule()}
 * is one of {@link io.conclave.mls.Rule} or {@link io.conclave.mls.Rule}. Methods are synchronized.
 */
public final class PublicGroup {
  /** One epoch's public state; the tree is never changed in place. */
  record Epoch(CipherSuite suite, GroupContext context, TreeState tree, byte[] interimTranscriptHash) {}

  private final PublicGroupConfig config;
  private final ProposalChecks checks;
  private final ProposalStore proposals = new ProposalStore();
  private Epoch current;

  private PublicGroup(PublicGroupConfig config, ProposalChecks checks, Epoch current) {
    this.config = config;
    this.checks = checks;
    this.current = current;
  }

  /**
   * Starts following a group from a GroupInfo (RFC 9420 §12.4.3): the tree comes from its
   * {@code ratchet_tree} extension, else from {@code tree}; the tree is validated as a joiner
   * validates it (§12.4.3.1: tree hash equals the GroupContext's, parent hashes, every leaf, the
   * credential validator on every leaf); the GroupInfo signature is verified with its signer's leaf
   * key; the interim transcript hash is derived from {@code confirmed_transcript_hash} and
   * {@code confirmation_tag} (§8.2). The confirmation tag itself cannot be checked: whoever hands
   * over the GroupInfo is trusted for it, as for the group's history.
   */
  public static PublicGroup fromGroupInfo(MlsMessage groupInfo, Optional<RatchetTree> tree, PublicGroupConfig config) {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(config, "config");
    if (!(groupInfo.body() instanceof MlsMessage.GroupInfoBody body)) {
      throw new ProtocolException(Rule.WIRE_FORMAT, "expected a GroupInfo, got " + groupInfo.wireFormat());
    }
    GroupInfo info = body.groupInfo();
    return PublicFraming.guarded(() -> {
      GroupContext context = info.groupContext();
      CipherSuite suite = CipherSuites.find(context.cipherSuite()).orElseThrow(() ->
          new ProtocolException(Rule.PUBLIC_CIPHER_SUITE, "unsupported cipher suite " + context.cipherSuite()));
      TreeState treeState = TreeState.fromRatchetTree(suite, ratchetTreeExtension(info, config)
          .or(() -> tree)
          .orElseThrow(() -> new ProtocolException(Rule.RATCHET_TREE_MISSING,
              "no ratchet tree in the GroupInfo or supplied")));
      ProposalChecks checks = new ProposalChecks(suite, new LeafNodeValidator(suite, config.clock()),
          config.credentialValidator());
      verifyGroupInfoSignature(suite, info, treeState);
      TreeValidator.validate(treeState, context.treeHash(), context.groupId(), context.extensions(),
          checks.leafValidator());
      for (LeafIndex leaf : treeState.nonBlankLeaves()) {
        checks.checkCredential(treeState.leaf(leaf).orElseThrow());
      }
      byte[] interim = TranscriptHashes.interim(suite, context.confirmedTranscriptHash(), info.confirmationTag());
      return new PublicGroup(config, checks, new Epoch(suite, context, treeState, interim));
    });
  }

  /**
   * An independent copy of this view, with the proposals stored in this epoch. Cheap: the tree's
   * nodes are immutable and shared. Commits verified by this object cannot be applied to the copy.
   */
  public synchronized PublicGroup copy() {
    PublicGroup copy = new PublicGroup(config, checks, current);
    for (var entry : proposals.entries()) {
      entry.getValue().message().ifPresent(m -> copy.proposals.add(current.suite(), m));
    }
    return copy;
  }

  public synchronized long epoch() {
    return current.context().epoch();
  }

  public synchronized byte[] groupId() {
    return current.context().groupId();
  }

  public synchronized CipherSuite cipherSuite() {
    return current.suite();
  }

  public synchronized GroupContext groupContext() {
    return current.context();
  }

  /** The public ratchet tree of the current epoch (RFC 9420 §12.4.3.3). */
  public synchronized RatchetTree ratchetTree() {
    return current.tree().toRatchetTree();
  }

  /** The interim transcript hash of the current epoch (§8.2). */
  public synchronized byte[] interimTranscriptHash() {
    return current.interimTranscriptHash().clone();
  }

  /** The leaf node at {@code i}; empty if blank or outside the tree. */
  public synchronized Optional<LeafNode> leaf(LeafIndex i) {
    return current.tree().leaf(i);
  }

  /** The occupied leaves, left to right. */
  public synchronized List<LeafIndex> members() {
    return current.tree().nonBlankLeaves();
  }

  /**
   * Verifies a proposal of the current epoch and keeps it for commits that cover it by reference
   * (RFC 9420 §12.1, §12.4): a PublicMessage (a PrivateMessage is refused with
   * {@link Rule#PUBLIC_PRIVATE_MESSAGE}), of this group and epoch, signed (§6.1) by a member's
   * leaf, by the {@code external_senders} entry it names, or for a {@code new_member_proposal} by
   * the key of the Add's KeyPackage; the sender may send the proposal type (§12.1.8) and the
   * proposal is valid on its own (§12.1.1–§12.1.7). The membership tag is not checked (secret).
   *
   * @return the proposal's ProposalRef (§5.2)
   */
  public synchronized byte[] storeProposal(MlsMessage proposal) {
    Epoch epoch = current;
    return PublicFraming.guarded(() -> {
      AuthenticatedContent content = PublicFraming.unprotect(epoch.suite(), epoch.context(), epoch.tree(), proposal,
          ContentType.PROPOSAL, false);
      Content.ProposalContent p = (Content.ProposalContent) content.content().content();
      checks.check(p.proposal(), content.content().sender(), epoch.tree(), epoch.context().groupId(),
          epoch.context().extensions());
      return proposals.add(epoch.suite(), content);
    });
  }

  /**
   * Verifies a commit of the current epoch as a receiving member would (RFC 9420 §12.4.2), with
   * public data only, and returns what it does; this object does not change (see {@link #apply}).
   * Checked: a PublicMessage (PrivateMessage is refused) of this group and epoch; the sender is a
   * member leaf ({@link Rule#SENDER_NOT_MEMBER} otherwise), or a {@code new_member_commit} if
   * {@link PublicGroupConfig#allowExternalCommits()} ({@link Rule#PUBLIC_EXTERNAL_COMMIT}
   * otherwise); the signature over FramedContentTBS with the current GroupContext (§6.1,
   * {@link Rule#PUBLIC_SIGNATURE}); proposals by reference only from those passed to
   * {@link #storeProposal} this epoch ({@link Rule#UNKNOWN_PROPOSAL}); the proposal list's
   * rules and each proposal (§12.2, §12.1); the path when required; the UpdatePath's leaf (§7.3),
   * shape, fresh keys, parent hash (§7.9) and ciphertext count per node (§7.6). The new
   * GroupContext has epoch + 1, the new tree hash and the new confirmed transcript hash (§8.2).
   *
   * <p><strong>Not checked</strong>: the membership tag (§6.2) and the confirmation tag (§8.1),
   * which need the epoch's secrets, nor whether the path secrets decrypt.
   */
  public synchronized PublicCommit verifyCommit(MlsMessage commit) {
    Epoch epoch = current;
    return PublicFraming.guarded(() -> PublicCommitVerifier.verify(this, epoch, proposals, checks,
        config.allowExternalCommits(), commit));
  }

  /**
   * Installs a commit from {@link #verifyCommit} of the current epoch once the new epoch's GroupInfo
   * agrees with it (RFC 9420 §12.4.3): its GroupContext equals {@link PublicCommit#nextContext()}
   * ({@link Rule#PUBLIC_GROUP_INFO_CONTEXT}), its signer is the committer
   * ({@link Rule#PUBLIC_GROUP_INFO_SIGNER}) and the signature verifies under the committer's
   * new leaf ({@link Rule#PUBLIC_GROUP_INFO_SIGNATURE}), its confirmation_tag is the commit's
   * ({@link Rule#PUBLIC_GROUP_INFO_TAG}), and its ratchet_tree extension, if any, is the
   * computed tree ({@link Rule#PUBLIC_GROUP_INFO_TREE}). The interim transcript hash follows
   * from that confirmation tag (§8.2); stored proposals are dropped.
   *
   * @throws ProtocolException {@link Rule#PUBLIC_STALE_COMMIT} if {@code commit} was verified by
   *     another PublicGroup or in another epoch
   */
  public synchronized void apply(PublicCommit commit, MlsMessage nextGroupInfo) {
    PublicCommit.Next next = commit.next();
    if (next.owner != this || next.baseEpoch != current.context().epoch()) {
      throw new ProtocolException(Rule.PUBLIC_STALE_COMMIT, "commit was not verified in this group's epoch "
          + Long.toUnsignedString(current.context().epoch()));
    }
    if (!(nextGroupInfo.body() instanceof MlsMessage.GroupInfoBody body)) {
      throw new ProtocolException(Rule.WIRE_FORMAT, "expected a GroupInfo, got " + nextGroupInfo.wireFormat());
    }
    GroupInfo info = body.groupInfo();
    CipherSuite suite = current.suite();
    current = PublicFraming.guarded(() -> {
      if (!info.groupContext().equals(next.context)) {
        throw new ProtocolException(Rule.PUBLIC_GROUP_INFO_CONTEXT,
            "GroupInfo context differs from the one the commit yields");
      }
      if (info.signer() != next.committer.value()) {
        throw new ProtocolException(Rule.PUBLIC_GROUP_INFO_SIGNER,
            "GroupInfo signed by leaf " + info.signer() + ", committer is " + next.committer.value());
      }
      verifyGroupInfoSignature(suite, info, next.tree);
      if (!MessageDigest.isEqual(info.confirmationTag(), next.confirmationTag)) {
        throw new ProtocolException(Rule.PUBLIC_GROUP_INFO_TAG, "GroupInfo confirmation tag is not the commit's");
      }
      for (Extension e : info.extensions()) {
        if (e.type() == RatchetTree.EXTENSION_TYPE
            && !Arrays.equals(e.data(), next.tree.toRatchetTree().toBytes())) {
          throw new ProtocolException(Rule.PUBLIC_GROUP_INFO_TREE, "GroupInfo tree is not the commit's tree");
        }
      }
      byte[] interim = TranscriptHashes.interim(suite, next.context.confirmedTranscriptHash(), next.confirmationTag);
      return new Epoch(suite, next.context, next.tree, interim);
    });
    proposals.clear();
  }

  private static Optional<RatchetTree> ratchetTreeExtension(GroupInfo info, PublicGroupConfig config) {
    for (Extension e : info.extensions()) {
      if (e.type() == RatchetTree.EXTENSION_TYPE) {
        return Optional.of(TlsReader.decodeFully(e.data(), config.decodeLimits(), RatchetTree::decode));
      }
    }
    return Optional.empty();
  }

  /** §12.4.3: the GroupInfo signature verifies under the signer's leaf key in {@code tree}. */
  private static void verifyGroupInfoSignature(CipherSuite suite, GroupInfo info, TreeState tree) {
    long signer = info.signer();
    Optional<LeafNode> leaf = signer < tree.leafCount() ? tree.leaf(new LeafIndex((int) signer)) : Optional.empty();
    byte[] key = leaf.orElseThrow(() -> new ProtocolException(Rule.GROUP_INFO_SIGNER,
        "GroupInfo signer leaf " + signer + " is blank")).signatureKey();
    try {
      GroupInfoSignature.verify(suite, key, info);
    } catch (CryptoException e) {
      throw new ProtocolException(Rule.PUBLIC_GROUP_INFO_SIGNATURE, e.getMessage());
    }
  }

  @Override
  public synchronized String toString() {
    return "PublicGroup[epoch " + Long.toUnsignedString(epoch()) + ", " + members().size() + " members]";
  }
}
