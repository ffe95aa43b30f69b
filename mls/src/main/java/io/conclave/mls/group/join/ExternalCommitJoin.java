package io.conclave.mls.group.join;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.HpkeExport;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.FramedContentAuthData;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PublicMessageProtection;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.TranscriptHashes;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.commit.CommitProcessor;
import io.conclave.mls.group.proposals.CachedProposal;
import io.conclave.mls.group.proposals.ProposalApplication;
import io.conclave.mls.group.proposals.ProposalChecks;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.ExternalInit;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.schedule.PskSecret;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.secrettree.SenderRatchetConfig;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treekem.PreparedUpdatePath;
import io.conclave.mls.treekem.TreeKem;
import io.conclave.mls.treemath.LeafIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Joining by external commit (RFC 9420 §12.4.3.2): from a GroupInfo with {@code external_pub},
 * derive the init secret with an HPKE export (§8.3), commit an ExternalInit (and, to resync, a
 * Remove of the joiner's old leaf) with a path from the leftmost blank leaf, as a PublicMessage
 * from a {@code new_member_commit} sender.
 */
public final class ExternalCommitJoin {
  private ExternalCommitJoin() {}

  /** The joiner's new epoch and the commit to send. */
  public record Joined(EpochState state, MlsMessage commit) {}

  /** The capabilities and extensions of the joiner's new leaf (RFC 9420 §7.2). */
  public record Leaf(Capabilities capabilities, List<Extension> extensions) {
    public Leaf {
      Objects.requireNonNull(capabilities, "capabilities");
      extensions = List.copyOf(extensions);
    }
  }

  public static Joined join(GroupInfo groupInfo, Optional<RatchetTree> suppliedTree, Credential credential,
      SignatureKeyPair signer, Leaf newLeaf, Optional<LeafIndex> resyncRemove, byte[] authenticatedData,
      ProposalChecks checks, SenderRatchetConfig ratchetConfig) {
    GroupContext old = groupInfo.groupContext();
    CipherSuite suite = checks.suite();
    if (old.cipherSuite() != suite.id()) {
      throw new ProtocolException(Rule.WELCOME_SUITE, "GroupInfo suite " + old.cipherSuite());
    }
    GroupInfos.checkExtensions(groupInfo);
    TreeState tree = GroupInfos.tree(suite, groupInfo, suppliedTree);
    GroupInfos.verify(suite, groupInfo, tree);
    WelcomeJoin.validateTree(tree, groupInfo, checks);
    byte[] externalPub = GroupInfos.externalPub(suite, groupInfo);
    LeafNode template = new LeafNode(new byte[0], signer.publicKey(), credential, newLeaf.capabilities(),
        new LeafNodeSource.FromUpdate(), newLeaf.extensions(), new byte[0]);
    WelcomeJoin.checkExtensionSupport(groupInfo, template);

    HpkeExport export = suite.hpkeExportSender(externalPub, new byte[0], CommitProcessor.EXTERNAL_INIT_LABEL,
        suite.hashLength());
    List<Proposal> proposals = new ArrayList<>();
    proposals.add(new ExternalInit(export.kemOutput()));
    resyncRemove.ifPresent(leaf -> proposals.add(new Remove(leaf.value())));
    Sender sender = new Sender.NewMemberCommit();
    List<CachedProposal> cached = proposals.stream().map(p -> CachedProposal.inline(p, sender)).toList();
    ProposalApplication applied = ProposalApplication.apply(cached, sender, tree, old.groupId(),
        old.extensions(), checks);
    // §12.2: the joiner may remove only its own earlier leaf (resync); a receiver checks it too.
    ProposalApplication.checkResyncRemove(cached, tree, credential, signer.publicKey(), checks);
    TreeState newTree = applied.tree();
    LeafIndex own = ProposalApplication.leftmostBlank(newTree);
    newTree.ensureLeaf(own);
    PreparedUpdatePath prepared = TreeKem.createUpdatePath(newTree, own, template, signer.privateKey(),
        old.groupId(), Set.of());
    SecretBytes pskSecret = PskSecret.none(suite);
    try {
      long newEpoch = old.epoch() + 1;
      GroupContext provisional = new GroupContext(1, suite.id(), old.groupId(), newEpoch, newTree.treeHash(),
          old.confirmedTranscriptHash(), applied.extensions());
      UpdatePath path = prepared.encrypt(provisional);
      List<ProposalOrRef> wire = proposals.stream().<ProposalOrRef>map(ProposalOrRef.Inline::new).toList();
      FramedContent content = new FramedContent(old.groupId(), old.epoch(), sender, authenticatedData,
          new Content.CommitContent(new Commit(wire, Optional.of(path))));
      AuthenticatedContent signed = ContentAuthentication.sign(suite, signer.privateKey(), WireFormat.PUBLIC_MESSAGE,
          content, old, Optional.of(new byte[0]));
      byte[] interimBefore = TranscriptHashes.interim(suite, old.confirmedTranscriptHash(),
          groupInfo.confirmationTag());
      byte[] confirmed = TranscriptHashes.confirmed(suite, interimBefore, signed);
      List<Extension> extensions = applied.extensions();
      GroupContext context = new GroupContext(1, suite.id(), old.groupId(), newEpoch, newTree.treeHash(), confirmed,
          extensions);
      EpochSecrets secrets = KeySchedule.nextEpoch(suite, export.secret(), prepared.commitSecret(), pskSecret, context);
      // §9.2: an external commit has no Welcome.
      secrets.destroyWelcomeSecrets();
      byte[] tag = EpochState.confirmationTag(suite, secrets.confirmationKey(), confirmed);
      AuthenticatedContent authenticated = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content,
          new FramedContentAuthData(signed.auth().signature(), Optional.of(tag)));
      MlsMessage message = new MlsMessage(new MlsMessage.Public(
          PublicMessageProtection.protect(suite, authenticated, old, null)));
      byte[] interim = TranscriptHashes.interim(suite, confirmed, tag);
      SecretTree secretTree = secrets.createSecretTree(newTree.leafCount(), ratchetConfig);
      EpochState state = new EpochState(suite, context, newTree, prepared.privateKeys(), secrets, secretTree,
          interim, tag);
      return new Joined(state, message);
    } finally {
      export.secret().destroy();
      pskSecret.destroy();
      prepared.destroy();
    }
  }

  /** The cipher suite a GroupInfo names, if this library implements it. */
  public static CipherSuite suiteOf(GroupInfo groupInfo) {
    int id = groupInfo.groupContext().cipherSuite();
    return CipherSuites.find(id).orElseThrow(() ->
        new ProtocolException(Rule.WELCOME_SUITE, "unsupported cipher suite " + id));
  }
}
