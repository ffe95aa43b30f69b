package io.conclave.mls.group;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PublicMessageProtection;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.proposals.ProposalChecks;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.treemath.LeafIndex;
import java.util.Optional;

/**
 * Proposals from a sender outside the group (RFC 9420 §12.1.8), for a server listed in the
 * group's {@code external_senders} extension: signed with its key, sent as a PublicMessage with
 * sender type {@code external} and no membership tag. Needs no group state, only the group id and
 * the current epoch.
 */
public final class ExternalProposals {
  private ExternalProposals() {}

  /** A Remove of the member at {@code removed}, from external sender {@code senderIndex}. */
  public static MlsMessage remove(CipherSuite suite, byte[] groupId, long epoch, long senderIndex,
      SecretBytes signaturePrivateKey, LeafIndex removed) {
    return propose(suite, groupId, epoch, senderIndex, signaturePrivateKey, new Remove(removed.value()));
  }

  /** An Add of the owner of {@code keyPackage}, from external sender {@code senderIndex}. */
  public static MlsMessage add(CipherSuite suite, byte[] groupId, long epoch, long senderIndex,
      SecretBytes signaturePrivateKey, KeyPackage keyPackage) {
    return propose(suite, groupId, epoch, senderIndex, signaturePrivateKey, new Add(keyPackage));
  }

  /** Any proposal an external sender may send (Add, Remove, PreSharedKey, ReInit, GroupContextExtensions). */
  public static MlsMessage propose(CipherSuite suite, byte[] groupId, long epoch, long senderIndex,
      SecretBytes signaturePrivateKey, Proposal proposal) {
    Sender sender = new Sender.External(senderIndex);
    ProposalChecks.checkSender(proposal, sender);
    FramedContent content = new FramedContent(groupId, epoch, sender, new byte[0],
        new Content.ProposalContent(proposal));
    AuthenticatedContent signed = ContentAuthentication.sign(suite, signaturePrivateKey, WireFormat.PUBLIC_MESSAGE,
        content, null, Optional.empty());
    return new MlsMessage(new MlsMessage.Public(PublicMessageProtection.protect(suite, signed, null, null)));
  }
}
