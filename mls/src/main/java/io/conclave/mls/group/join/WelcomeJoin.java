package io.conclave.mls.group.join;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.TranscriptHashes;
import io.conclave.mls.group.proposals.ProposalApplication;
import io.conclave.mls.group.proposals.ProposalChecks;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.group.state.PskResolver;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.EncryptedGroupSecrets;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupSecrets;
import io.conclave.mls.messages.PreSharedKeyId;
import io.conclave.mls.messages.ResumptionPskUsage;
import io.conclave.mls.messages.Welcome;
import io.conclave.mls.messages.WelcomeProtection;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.secrettree.SenderRatchetConfig;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.tree.TreeValidator;
import io.conclave.mls.treekem.TreePrivateKeys;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.mls.treemath.TreeMath;
import java.security.MessageDigest;
import java.util.Optional;

/** Joining from a Welcome (RFC 9420 §12.4.3.1), with every check the section lists. */
public final class WelcomeJoin {
  private WelcomeJoin() {}

  /**
   * @param tree the ratchet tree if the GroupInfo does not carry it
   * @param psks resolves the external PSKs the Welcome names (a joiner has no resumption PSKs)
   * @throws ProtocolException naming the failed rule; {@link io.conclave.mls.CryptoException} if a
   *     decryption, signature or key check fails
   */
  public static EpochState join(Welcome welcome, KeyPackageBundle bundle, Optional<RatchetTree> tree,
      PskResolver psks, ProposalChecks checks, SenderRatchetConfig ratchetConfig) {
    CipherSuite suite = bundle.suite();
    if (welcome.cipherSuite() != suite.id() || bundle.keyPackage().cipherSuite() != suite.id()) {
      throw new ProtocolException(Rule.WELCOME_SUITE, "Welcome suite " + welcome.cipherSuite()
          + ", KeyPackage suite " + bundle.keyPackage().cipherSuite());
    }
    EncryptedGroupSecrets entry = WelcomeProtection.find(welcome, bundle.ref()).orElseThrow(() ->
        new ProtocolException(Rule.WELCOME_NO_ENTRY, "no entry for this KeyPackage"));
    boolean joined = false;
    try {
      EpochState state = joinWith(entry, welcome, bundle, tree, psks, checks, ratchetConfig);
      joined = true;
      return state;
    } finally {
      if (!joined) {
        // §16.8: the KeyPackage was used (a Welcome entry for it was found): a failed join
        // destroys its init key. The leaf key stays with the caller's bundle.
        bundle.destroyInitKey();
      }
    }
  }

  private static EpochState joinWith(EncryptedGroupSecrets entry, Welcome welcome, KeyPackageBundle bundle,
      Optional<RatchetTree> tree, PskResolver psks, ProposalChecks checks, SenderRatchetConfig ratchetConfig) {
    CipherSuite suite = bundle.suite();
    GroupSecrets secrets = WelcomeProtection.decryptGroupSecrets(suite, bundle.initKeyPair().privateKey(), entry,
        welcome.encryptedGroupInfo());
    SecretBytes pskSecret = null;
    try {
      for (PreSharedKeyId id : secrets.psks()) {
        if (id instanceof PreSharedKeyId.Resumption r && r.usage() != ResumptionPskUsage.APPLICATION) {
          throw new ProtocolException(Rule.WELCOME_PSK, "reinit and branch joins are not supported");
        }
      }
      pskSecret = psks.pskSecret(suite, secrets.psks());
      SecretBytes welcomeSecret = KeySchedule.welcomeSecret(suite, secrets.joinerSecret(), pskSecret);
      GroupInfo groupInfo;
      try {
        groupInfo = WelcomeProtection.decryptGroupInfo(suite, welcomeSecret, welcome.encryptedGroupInfo());
      } finally {
        welcomeSecret.destroy();
      }
      if (groupInfo.groupContext().cipherSuite() != suite.id()) {
        throw new ProtocolException(Rule.WELCOME_SUITE,
            "GroupInfo suite " + groupInfo.groupContext().cipherSuite());
      }
      GroupInfos.checkExtensions(groupInfo);
      TreeState ratchetTree = GroupInfos.tree(suite, groupInfo, tree);
      GroupInfos.verify(suite, groupInfo, ratchetTree);
      validateTree(ratchetTree, groupInfo, checks);
      LeafIndex own = findOwnLeaf(ratchetTree, bundle.keyPackage().leafNode());
      checkExtensionSupport(groupInfo, bundle.keyPackage().leafNode());

      TreePrivateKeys keys = new TreePrivateKeys(suite, own, bundle.encryptionKeyPair());
      if (secrets.pathSecret().isPresent()) {
        int ancestor = TreeMath.commonAncestor(own.nodeIndex(), 2 * (int) groupInfo.signer());
        keys.implantPathSecret(ratchetTree, ancestor, secrets.pathSecret().get().pathSecret());
        secrets.pathSecret().get().pathSecret().destroy();
      }
      EpochSecrets epoch = KeySchedule.join(suite, secrets.joinerSecret(), pskSecret, groupInfo.groupContext());
      secrets.joinerSecret().destroy();
      // §9.2: the joiner has entered the epoch; neither secret has another use.
      epoch.destroyWelcomeSecrets();
      byte[] confirmed = groupInfo.groupContext().confirmedTranscriptHash();
      byte[] tag = EpochState.confirmationTag(suite, epoch.confirmationKey(), confirmed);
      if (!MessageDigest.isEqual(tag, groupInfo.confirmationTag())) {
        epoch.destroy();
        keys.destroyAllButLeaf();
        throw new ProtocolException(Rule.CONFIRMATION_TAG, "GroupInfo confirmation tag does not match");
      }
      byte[] interim = TranscriptHashes.interim(suite, confirmed, tag);
      SecretTree secretTree = epoch.createSecretTree(ratchetTree.leafCount(), ratchetConfig);
      return new EpochState(suite, groupInfo.groupContext(), ratchetTree, keys, epoch, secretTree, interim, tag);
    } finally {
      if (pskSecret != null) {
        pskSecret.destroy();
      }
      // On every path, also when a check failed: the joiner secret must not outlive the join.
      secrets.joinerSecret().destroy();
      secrets.pathSecret().ifPresent(p -> p.pathSecret().destroy());
    }
  }

  /** §12.4.3.1 "verify the integrity of the ratchet tree", plus the application's credential checks. */
  static void validateTree(TreeState tree, GroupInfo groupInfo, ProposalChecks checks) {
    TreeValidator.validate(tree, groupInfo.groupContext().treeHash(), groupInfo.groupContext().groupId(),
        groupInfo.groupContext().extensions(), checks.leafValidator());
    for (LeafIndex leaf : tree.nonBlankLeaves()) {
      checks.checkCredential(tree.leaf(leaf).orElseThrow());
    }
  }

  /** The leaf identical to the KeyPackage's leaf node. */
  private static LeafIndex findOwnLeaf(TreeState tree, LeafNode keyPackageLeaf) {
    for (LeafIndex leaf : tree.nonBlankLeaves()) {
      if (tree.leaf(leaf).orElseThrow().equals(keyPackageLeaf)) {
        return leaf;
      }
    }
    throw new ProtocolException(Rule.WELCOME_OWN_LEAF, "the KeyPackage's leaf is not in the tree");
  }

  /** §12.4.3: the joiner supports every non-default group context extension. */
  static void checkExtensionSupport(GroupInfo groupInfo, LeafNode ownLeaf) {
    for (Extension e : groupInfo.groupContext().extensions()) {
      if (!ProposalApplication.isDefaultExtension(e.type())
          && !ownLeaf.capabilities().extensions().contains(e.type())) {
        throw new ProtocolException(Rule.JOINER_EXTENSIONS, "extension " + e.type() + " not supported");
      }
    }
  }
}
