package io.conclave.mls.group.commit;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.ParallelEncryption;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.FramedContentAuthData;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.TranscriptHashes;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.join.GroupInfos;
import io.conclave.mls.group.proposals.CachedProposal;
import io.conclave.mls.group.proposals.ProposalApplication;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.EncryptedGroupSecrets;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupSecrets;
import io.conclave.mls.messages.PathSecret;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.messages.Welcome;
import io.conclave.mls.messages.WelcomeProtection;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treekem.PreparedUpdatePath;
import io.conclave.mls.treekem.TreeKem;
import io.conclave.mls.treekem.TreePrivateKeys;
import io.conclave.mls.treemath.LeafIndex;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Creating a commit as a member (RFC 9420 §12.4.1): validate and apply the proposals, build and
 * encrypt the path if required or wanted, sign, run the key schedule, compute the confirmation tag,
 * protect the message with the current epoch's keys, and build the GroupInfo and the Welcome.
 */
public final class CommitCreator {
  private CommitCreator() {}

  /** What a member wants committed, already resolved to proposals and their wire form. */
  public record Request(List<CachedProposal> proposals, List<ProposalOrRef> wire, boolean forcePath,
      byte[] authenticatedData, WireFormat wireFormat, int paddingLength, boolean ratchetTreeInWelcome) {
    public Request {
      proposals = List.copyOf(proposals);
      wire = List.copyOf(wire);
      authenticatedData = authenticatedData.clone();
    }
  }

  /** The created commit: its message, the Welcome if members were added, and the next epoch. */
  public record Created(MlsMessage message, Optional<MlsMessage> welcome, NextEpoch next) {}

  public static Created create(EpochState state, SignatureKeyPair signer, Request request, CommitEnv env,
      SecureRandom random) {
    CipherSuite suite = state.suite();
    LeafIndex own = state.ownLeaf();
    Sender.Member me = new Sender.Member(own.value());
    ProposalApplication applied = ProposalApplication.apply(request.proposals(), me, state.tree(), state.groupId(),
        state.context().extensions(), env.checks());
    TreeState tree = applied.tree();
    long newEpoch = state.epoch() + 1;

    PreparedUpdatePath prepared = null;
    Optional<UpdatePath> path = Optional.empty();
    SecretBytes commitSecret;
    if (applied.pathRequired() || request.forcePath()) {
      prepared = TreeKem.createUpdatePath(tree, own, state.ownLeafNode(), signer.privateKey(), state.groupId(),
          new HashSet<>(applied.added()));
      GroupContext provisional = new GroupContext(1, suite.id(), state.groupId(), newEpoch, tree.treeHash(),
          state.context().confirmedTranscriptHash(), applied.extensions());
      path = Optional.of(prepared.encrypt(provisional));
      commitSecret = prepared.commitSecret();
    } else {
      commitSecret = SecretBytes.wrap(new byte[suite.hashLength()]);
    }
    try {
      FramedContent content = new FramedContent(state.groupId(), state.epoch(), me, request.authenticatedData(),
          new Content.CommitContent(new Commit(request.wire(), path)));
      // The signature does not cover the confirmation tag, which needs the signature first (§8.2).
      AuthenticatedContent signed = ContentAuthentication.sign(suite, signer.privateKey(), request.wireFormat(),
          content, state.context(), Optional.of(new byte[0]));
      byte[] confirmed = TranscriptHashes.confirmed(suite, state.interimTranscriptHash(), signed);
      GroupContext context = new GroupContext(1, suite.id(), state.groupId(), newEpoch, tree.treeHash(), confirmed,
          applied.extensions());
      SecretBytes pskSecret = env.psks().pskSecret(suite, applied.psks());
      EpochSecrets secrets = KeySchedule.nextEpoch(suite, state.secrets().initSecret(), commitSecret, pskSecret,
          context);
      pskSecret.destroy();
      byte[] tag = EpochState.confirmationTag(suite, secrets.confirmationKey(), confirmed);
      AuthenticatedContent authenticated = new AuthenticatedContent(request.wireFormat(), content,
          new FramedContentAuthData(signed.auth().signature(), Optional.of(tag)));
      byte[] interim = TranscriptHashes.interim(suite, confirmed, tag);
      MlsMessage message = HandshakeFraming.protect(state, authenticated, request.paddingLength(), random);

      TreePrivateKeys keys = prepared != null ? prepared.privateKeys() : state.keys();
      SecretTree secretTree = secrets.createSecretTree(tree.leafCount(), env.ratchetConfig());
      EpochState next = new EpochState(suite, context, tree, keys, secrets, secretTree, interim, tag);
      Optional<MlsMessage> welcome;
      try {
        welcome = applied.added().isEmpty()
            ? Optional.empty()
            : Optional.of(welcome(next, signer, applied, prepared, request.ratchetTreeInWelcome()));
      } finally {
        // §9.2: the Welcome was their only use.
        secrets.destroyWelcomeSecrets();
      }
      return new Created(message, welcome, NextEpoch.of(Optional.of(next), newEpoch, me, applied));
    } finally {
      if (prepared != null) {
        prepared.destroy();
      } else {
        commitSecret.destroy();
      }
    }
  }

  /** The Welcome for the members {@code applied} added (§12.4.3.1). */
  private static MlsMessage welcome(EpochState next, SignatureKeyPair signer, ProposalApplication applied,
      PreparedUpdatePath prepared, boolean ratchetTree) {
    CipherSuite suite = next.suite();
    GroupInfo groupInfo = GroupInfos.create(next, signer.privateKey(), false, ratchetTree);
    byte[] encryptedGroupInfo = WelcomeProtection.encryptGroupInfo(suite, next.secrets().welcomeSecret(), groupInfo);
    List<LeafIndex> added = applied.added();
    List<KeyPackage> keyPackages = applied.addedKeyPackages();
    List<EncryptedGroupSecrets> secrets = ParallelEncryption.map(added.size(), i -> {
      Optional<SecretBytes> pathSecret = prepared == null ? Optional.empty() : prepared.pathSecretFor(added.get(i));
      try {
        GroupSecrets groupSecrets = new GroupSecrets(next.secrets().joinerSecret(), pathSecret.map(PathSecret::new),
            applied.psks());
        return WelcomeProtection.encryptGroupSecrets(suite, keyPackages.get(i), encryptedGroupInfo, groupSecrets);
      } finally {
        pathSecret.ifPresent(SecretBytes::destroy);
      }
    });
    return new MlsMessage(new MlsMessage.WelcomeBody(new Welcome(suite.id(), secrets, encryptedGroupInfo)));
  }
}
