package io.conclave.mls.group.commit;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.TranscriptHashes;
import io.conclave.mls.group.proposals.CachedProposal;
import io.conclave.mls.group.proposals.ProposalApplication;
import io.conclave.mls.group.proposals.ProposalChecks;
import io.conclave.mls.group.proposals.ProposalStore;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treekem.PathDecryption;
import io.conclave.mls.treekem.TreeKem;
import io.conclave.mls.treekem.TreePrivateKeys;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Processing a received commit (RFC 9420 §12.4.2), from content that was already unprotected and
 * verified for the current epoch. Nothing of the current state changes here except the private
 * tree keys, and only after every check passed (the confirmation tag last).
 */
public final class CommitProcessor {
  /** The label of the external init secret's HPKE export (§8.3). */
  public static final byte[] EXTERNAL_INIT_LABEL = "MLS 1.0 external init secret".getBytes(StandardCharsets.US_ASCII);

  private CommitProcessor() {}

  /** The proposals a commit covers, by value or looked up by reference (§12.4). */
  public static List<CachedProposal> resolve(Commit commit, Sender committer, ProposalStore store) {
    List<CachedProposal> out = new ArrayList<>(commit.proposals().size());
    for (ProposalOrRef p : commit.proposals()) {
      switch (p) {
        case ProposalOrRef.Inline inline -> out.add(CachedProposal.inline(inline.proposal(), committer));
        case ProposalOrRef.Reference ref -> out.add(store.find(ref.proposalRef()).orElseThrow(() ->
            new ProtocolException(Rule.UNKNOWN_PROPOSAL, "commit refers to an unknown proposal")));
      }
    }
    return out;
  }

  public static NextEpoch process(EpochState state, AuthenticatedContent content, ProposalStore store, CommitEnv env) {
    CipherSuite suite = state.suite();
    Commit commit = ((Content.CommitContent) content.content().content()).commit();
    Sender sender = content.content().sender();
    boolean external = sender instanceof Sender.NewMemberCommit;
    if (!external && !(sender instanceof Sender.Member)) {
      throw new ProtocolException(Rule.SENDER_TYPE, "only members and new members commit");
    }
    // Received: lifetimes are not held against this member's clock (see LeafNodeValidator).
    ProposalChecks checks = env.checks().forReceived();
    List<CachedProposal> proposals = resolve(commit, sender, store);
    ProposalApplication applied = ProposalApplication.apply(proposals, sender, state.tree(), state.groupId(),
        state.context().extensions(), checks);
    if (applied.pathRequired() && commit.path().isEmpty()) {
      throw new ProtocolException(Rule.PATH_REQUIRED, "the covered proposals require a path");
    }
    TreeState tree = applied.tree();
    LeafIndex committer = external
        ? ProposalApplication.leftmostBlank(tree)
        : new LeafIndex((int) ((Sender.Member) sender).leafIndex());
    LeafIndex own = state.ownLeaf();
    long newEpoch = state.epoch() + 1;
    boolean selfRemoved = applied.removed().contains(own);
    TreePrivateKeys keys = keysAfterOwnUpdate(state, applied, env);

    PathDecryption decryption = null;
    if (commit.path().isPresent()) {
      UpdatePath path = commit.path().get();
      LeafNode leaf = path.leafNode();
      // §5.1.3: every public key the path brings into the tree is a valid HPKE key.
      for (int i = 0; i < path.nodes().size(); i++) {
        checks.leafValidator().verifyHpkeKey(path.nodes().get(i).encryptionKey(), "UpdatePath node " + i + " key");
      }
      tree.ensureLeaf(committer);
      checks.leafValidator().validateForGroup(leaf, tree, committer, state.groupId(), applied.extensions());
      checks.checkCredential(leaf);
      if (external) {
        // §12.2, §12.4.3.2: a resync may remove only the joiner's own earlier leaf.
        ProposalApplication.checkResyncRemove(proposals, state.tree(), leaf.credential(), leaf.signatureKey(),
            checks);
      } else {
        // §5.3.1: the path replaces the committer's leaf (which its own commit can neither update nor remove).
        LeafNode old = state.tree().leaf(committer).orElseThrow(() ->
            new ProtocolException(Rule.SENDER_NOT_MEMBER, "leaf " + committer.value() + " is not a member"));
        checks.checkSuccessor(old, leaf.credential(), leaf.signatureKey(), Rule.CREDENTIAL_SUCCESSOR);
      }
      TreeKem.mergeUpdatePath(tree, committer, path);
      if (!selfRemoved) {
        GroupContext provisional = new GroupContext(1, suite.id(), state.groupId(), newEpoch, tree.treeHash(),
            state.context().confirmedTranscriptHash(), applied.extensions());
        decryption = TreeKem.decryptUpdatePath(tree, keys, committer, path, provisional,
            new HashSet<>(applied.added()));
      }
    }
    if (selfRemoved) {
      return NextEpoch.of(Optional.empty(), newEpoch, sender, applied);
    }
    SecretBytes commitSecret = decryption != null
        ? decryption.commitSecret()
        : SecretBytes.wrap(new byte[suite.hashLength()]);
    SecretBytes pskSecret = null;
    SecretBytes initSecret = null;
    EpochSecrets secrets = null;
    boolean accepted = false;
    try {
      byte[] confirmed = TranscriptHashes.confirmed(suite, state.interimTranscriptHash(), content);
      GroupContext context = new GroupContext(1, suite.id(), state.groupId(), newEpoch, tree.treeHash(), confirmed,
          applied.extensions());
      pskSecret = env.psks().pskSecret(suite, applied.psks());
      initSecret = external
          ? externalInitSecret(state, applied.externalInit().orElseThrow())
          : SecretBytes.copyOf(state.secrets().initSecret().unsafeView());
      secrets = KeySchedule.nextEpoch(suite, initSecret, commitSecret, pskSecret, context);
      byte[] tag = EpochState.confirmationTag(suite, secrets.confirmationKey(), confirmed);
      if (!MessageDigest.isEqual(tag, content.auth().confirmationTag().orElseThrow())) {
        throw new ProtocolException(Rule.CONFIRMATION_TAG, "confirmation tag does not match");
      }
      byte[] interim = TranscriptHashes.interim(suite, confirmed, tag);
      if (decryption != null) {
        keys.apply(tree, decryption);
      } else {
        keys.forgetStale(tree);
      }
      SecretTree secretTree = secrets.createSecretTree(tree.leafCount(), env.ratchetConfig());
      // §9.2: a receiver of a commit has no use for them.
      secrets.destroyWelcomeSecrets();
      accepted = true;
      return NextEpoch.of(Optional.of(new EpochState(suite, context, tree, keys, secrets, secretTree, interim, tag)),
          newEpoch, sender, applied);
    } finally {
      commitSecret.destroy();
      if (pskSecret != null) {
        pskSecret.destroy();
      }
      if (initSecret != null) {
        initSecret.destroy();
      }
      if (!accepted) {
        if (secrets != null) {
          secrets.destroy();
        }
        if (decryption != null) {
          decryption.destroy();
        }
      }
    }
  }

  /**
   * The private view after the commit's Updates: if this member's own Update is committed, its
   * leaf key becomes the one it kept for that Update, and its path keys are gone with the blanked
   * path (§12.1.2).
   */
  private static TreePrivateKeys keysAfterOwnUpdate(EpochState state, ProposalApplication applied, CommitEnv env) {
    LeafNode ownUpdate = applied.updated().get(state.ownLeaf());
    if (ownUpdate == null) {
      return state.keys();
    }
    HpkeKeyPair leafKeys = env.ownUpdateKeys().apply(ownUpdate.encryptionKey()).orElseThrow(() ->
        new ProtocolException(Rule.UPDATE_INVALID, "own Update committed but its private key is not kept"));
    return new TreePrivateKeys(state.suite(), state.ownLeaf(), leafKeys);
  }

  /** {@code init_secret} of an external commit: decapsulate the ExternalInit with external_priv (§8.3). */
  private static SecretBytes externalInitSecret(EpochState state, byte[] kemOutput) {
    HpkeKeyPair external = state.secrets().externalKeyPair();
    try {
      return state.suite().hpkeExportReceiver(external.privateKey(), kemOutput, new byte[0], EXTERNAL_INIT_LABEL,
          state.suite().hashLength());
    } finally {
      external.privateKey().destroy();
    }
  }
}
