package io.conclave.mls.group;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.TranscriptHashes;
import io.conclave.mls.group.commit.CommitProcessor;
import io.conclave.mls.group.proposals.CachedProposal;
import io.conclave.mls.group.proposals.ProposalApplication;
import io.conclave.mls.group.proposals.ProposalChecks;
import io.conclave.mls.group.proposals.ProposalStore;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treekem.TreeKem;
import io.conclave.mls.treemath.LeafIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Commit processing as RFC 9420 §12.4.2 prescribes it, without the steps that need the epoch's
 * secrets: no membership tag (§6.2), no path decryption (§7.5), no key schedule and no confirmation
 * tag (§8). The tree and the GroupContext of the next epoch are still fully determined.
 */
final class PublicCommitVerifier {
  private PublicCommitVerifier() {}

  static PublicCommit verify(PublicGroup owner, PublicGroup.Epoch epoch, ProposalStore store, ProposalChecks checks,
      boolean allowExternalCommits, MlsMessage message) {
    CipherSuite suite = epoch.suite();
    GroupContext context = epoch.context();
    AuthenticatedContent content = PublicFraming.unprotect(suite, context, epoch.tree(), message, ContentType.COMMIT,
        allowExternalCommits);
    Commit commit = ((Content.CommitContent) content.content().content()).commit();
    Sender sender = content.content().sender();
    boolean external = sender instanceof Sender.NewMemberCommit;
    if (!external && !(sender instanceof Sender.Member)) {
      throw new ProtocolException(Rule.SENDER_TYPE, "only members and new members commit");
    }
    List<CachedProposal> proposals = CommitProcessor.resolve(commit, sender, store);
    ProposalApplication applied = ProposalApplication.apply(proposals, sender, epoch.tree(), context.groupId(),
        context.extensions(), checks);
    if (applied.pathRequired() && commit.path().isEmpty()) {
      throw new ProtocolException(Rule.PATH_REQUIRED, "the covered proposals require a path");
    }
    TreeState tree = applied.tree();
    LeafIndex committer = external
        ? ProposalApplication.leftmostBlank(tree)
        : new LeafIndex((int) ((Sender.Member) sender).leafIndex());
    if (commit.path().isPresent()) {
      UpdatePath path = commit.path().get();
      tree.ensureLeaf(committer);
      checks.leafValidator().validateForGroup(path.leafNode(), tree, committer, context.groupId(),
          applied.extensions());
      checks.checkCredential(path.leafNode());
      TreeKem.mergeUpdatePath(tree, committer, path);
      checkCiphertextCounts(tree, committer, path, new HashSet<>(applied.added()));
    }
    byte[] confirmed = TranscriptHashes.confirmed(suite, epoch.interimTranscriptHash(), content);
    GroupContext next = new GroupContext(1, suite.id(), context.groupId(), context.epoch() + 1, tree.treeHash(),
        confirmed, applied.extensions());
    byte[] tag = content.auth().confirmationTag().orElseThrow(() ->
        new ProtocolException(Rule.CONFIRMATION_TAG, "commit without confirmation tag"));
    if (tag.length != suite.hashLength()) {
      throw new ProtocolException(Rule.CONFIRMATION_TAG, "confirmation tag of " + tag.length + " bytes");
    }
    return new PublicCommit(context.epoch(), committer, sender, added(proposals, applied), applied.removed(),
        new ArrayList<>(applied.updated().keySet()), provenance(proposals), commit.path().isPresent(),
        applied.reinit(), next, new PublicCommit.Next(owner, context.epoch(), committer, next, tree, tag));
  }

  /**
   * §7.6, §12.4.2: each path node carries one ciphertext per node of its copath child's resolution
   * (without the leaves this commit adds). A member checks only the node it decrypts; the public
   * view checks them all, so no member is left without its path secret.
   */
  private static void checkCiphertextCounts(TreeState merged, LeafIndex committer, UpdatePath path,
      Set<LeafIndex> added) {
    int[] filtered = merged.filteredDirectPath(committer);
    for (int i = 0; i < filtered.length; i++) {
      int expected = merged.resolution(TreeState.copathChild(filtered[i], committer), added).size();
      int actual = path.nodes().get(i).encryptedPathSecret().size();
      if (actual != expected) {
        throw new ProtocolException(Rule.UPDATE_PATH_SHAPE,
            actual + " ciphertexts at path node " + filtered[i] + " for a resolution of " + expected);
      }
    }
  }

  /** The Adds in list order, which is the order {@link ProposalApplication} placed them in. */
  private static List<PublicCommit.Added> added(List<CachedProposal> proposals, ProposalApplication applied) {
    List<LeafIndex> leaves = applied.added();
    List<KeyPackage> keyPackages = applied.addedKeyPackages();
    List<PublicCommit.Added> out = new ArrayList<>(leaves.size());
    int i = 0;
    for (CachedProposal p : proposals) {
      if (p.proposal() instanceof Add) {
        out.add(new PublicCommit.Added(leaves.get(i), keyPackages.get(i), p.sender(), p.byReference()));
        i++;
      }
    }
    return out;
  }

  private static List<PublicCommit.Proposed> provenance(List<CachedProposal> proposals) {
    List<PublicCommit.Proposed> out = new ArrayList<>(proposals.size());
    for (CachedProposal p : proposals) {
      out.add(new PublicCommit.Proposed(p.proposal().proposalType(), p.sender(), p.byReference()));
    }
    return out;
  }
}
