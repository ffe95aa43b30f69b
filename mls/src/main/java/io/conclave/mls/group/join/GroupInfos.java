package io.conclave.mls.group.join;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalPub;
import io.conclave.mls.group.proposals.ProposalChecks;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeValidator;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creating and reading GroupInfo objects (RFC 9420 §12.4.3). */
public final class GroupInfos {
  private GroupInfos() {}

  /**
   * The signed GroupInfo of {@code state}'s epoch, signed by this member.
   *
   * @param externalPub include {@code external_pub} (§12.4.3.2) for external joiners
   * @param ratchetTree include the {@code ratchet_tree} extension (§12.4.3.3)
   */
  public static GroupInfo create(EpochState state, SecretBytes signaturePrivateKey, boolean externalPub,
      boolean ratchetTree) {
    List<Extension> extensions = new ArrayList<>(2);
    if (ratchetTree) {
      extensions.add(state.tree().toRatchetTree().toExtension());
    }
    if (externalPub) {
      HpkeKeyPair external = state.secrets().externalKeyPair();
      external.privateKey().destroy();
      extensions.add(new ExternalPub(external.publicKey()).toExtension());
    }
    GroupInfo unsigned = new GroupInfo(state.context(), extensions, state.confirmationTag(),
        state.ownLeaf().value(), new byte[0]);
    return GroupInfoSignature.sign(state.suite(), signaturePrivateKey, unsigned);
  }

  /** The tree a joiner uses: the GroupInfo's {@code ratchet_tree} extension, else the one supplied. */
  public static TreeState tree(CipherSuite suite, GroupInfo groupInfo, Optional<RatchetTree> supplied) {
    for (Extension e : groupInfo.extensions()) {
      if (e.type() == RatchetTree.EXTENSION_TYPE) {
        return TreeState.fromRatchetTree(suite, RatchetTree.fromExtension(e));
      }
    }
    return TreeState.fromRatchetTree(suite, supplied.orElseThrow(() ->
        new ProtocolException(Rule.RATCHET_TREE_MISSING, "no ratchet tree in the GroupInfo or supplied")));
  }

  /** Verifies the GroupInfo signature with the key of the signer's leaf in {@code tree}. */
  public static void verify(CipherSuite suite, GroupInfo groupInfo, TreeState tree) {
    long signer = groupInfo.signer();
    Optional<LeafNode> leaf = signer < tree.leafCount() ? tree.leaf(new LeafIndex((int) signer)) : Optional.empty();
    GroupInfoSignature.verify(suite, leaf.orElseThrow(() ->
        new ProtocolException(Rule.GROUP_INFO_SIGNER,
            "GroupInfo signer leaf " + signer + " is blank")).signatureKey(),
        groupInfo);
  }

  /**
   * §13.4, §12.1.8.1: neither the GroupInfo's extensions nor its GroupContext's list a type twice,
   * and an {@code external_senders} in the GroupContext parses.
   */
  public static void checkExtensions(GroupInfo groupInfo) {
    if (LeafNodeValidator.hasDuplicateType(groupInfo.extensions())) {
      throw new ProtocolException(Rule.GROUP_DUPLICATE_EXTENSION, "GroupInfo lists an extension type twice");
    }
    ProposalChecks.checkExtensionList(groupInfo.groupContext().extensions());
  }

  /**
   * The {@code external_pub} of a GroupInfo (§12.4.3.2), checked to be a valid HPKE public key of
   * {@code suite} before anyone encrypts to it.
   */
  public static byte[] externalPub(CipherSuite suite, GroupInfo groupInfo) {
    byte[] key = externalPub(groupInfo);
    if (!suite.isValidHpkePublicKey(key)) {
      throw new ProtocolException(Rule.EXTERNAL_PUB_INVALID, "external_pub is not a valid HPKE public key");
    }
    return key;
  }

  /** The {@code external_pub} of a GroupInfo (§12.4.3.2). */
  public static byte[] externalPub(GroupInfo groupInfo) {
    for (Extension e : groupInfo.extensions()) {
      if (e.type() == ExternalPub.EXTENSION_TYPE) {
        return ExternalPub.fromExtension(e).externalPub();
      }
    }
    throw new ProtocolException(Rule.EXTERNAL_PUB_MISSING, "GroupInfo has no external_pub");
  }
}
