package io.conclave.mls.group.commit;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PrivateMessage;
import io.conclave.mls.framing.PrivateMessageProtection;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.framing.PublicMessageProtection;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.messages.Add;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Message protection for one epoch (RFC 9420 §6.1–§6.3): finding the signature key of each kind of
 * sender, and protecting or unprotecting content with the epoch's keys.
 */
public final class HandshakeFraming {
  private HandshakeFraming() {}

  /**
   * Verifies a PublicMessage of {@code state}'s epoch: membership tag for members, signature under
   * the sender's key (§6.1: the member's leaf, the external sender's listed key, the key of the
   * proposed Add or of the external commit's path leaf).
   */
  public static AuthenticatedContent unprotectPublic(EpochState state, PublicMessage message) {
    byte[] key = signatureKey(state, message.content());
    return PublicMessageProtection.unprotect(state.suite(), message, state.context(),
        state.secrets().membershipKey(), key);
  }

  /** Decrypts and verifies a PrivateMessage of {@code state}'s epoch (§6.3). */
  public static AuthenticatedContent unprotectPrivate(EpochState state, PrivateMessage message) {
    return PrivateMessageProtection.unprotect(state.suite(), message, state.secretTree(),
        state.secrets().senderDataSecret(), state.context(), leaf -> state.signatureKeyOf(leaf).orElse(null));
  }

  private static byte[] signatureKey(EpochState state, FramedContent content) {
    return switch (content.sender()) {
      case Sender.Member m -> state.signatureKeyOf(m.leafIndex()).orElseThrow(() ->
          new ProtocolException(Rule.SENDER_NOT_MEMBER, "leaf " + m.leafIndex() + " is not a member"));
      case Sender.External e -> externalSender(state.context().extensions(), e.senderIndex()).signatureKey();
      case Sender.NewMemberProposal n -> {
        if (!(content.content() instanceof Content.ProposalContent p && p.proposal() instanceof Add add)) {
          throw new ProtocolException(Rule.SENDER_TYPE, "a new_member_proposal sender only proposes Add");
        }
        yield add.keyPackage().leafNode().signatureKey();
      }
      case Sender.NewMemberCommit n -> {
        if (!(content.content() instanceof Content.CommitContent c)) {
          throw new ProtocolException(Rule.SENDER_TYPE, "a new_member_commit sender only commits");
        }
        yield c.commit().path().orElseThrow(() ->
            new ProtocolException(Rule.PATH_REQUIRED,
                "an external commit needs a path")).leafNode().signatureKey();
      }
    };
  }

  /** The external sender at {@code index} of the group's {@code external_senders} extension (§12.1.8.1). */
  public static ExternalSender externalSender(List<Extension> groupContextExtensions, long index) {
    for (Extension e : groupContextExtensions) {
      if (e.type() == ExternalSenders.EXTENSION_TYPE) {
        List<ExternalSender> senders = ExternalSenders.fromExtension(e).senders();
        if (index >= 0 && index < senders.size()) {
          return senders.get((int) index);
        }
      }
    }
    throw new ProtocolException(Rule.EXTERNAL_SENDER, "no external sender " + index);
  }

  /** Signs non-commit content of this member with the epoch's context. */
  public static AuthenticatedContent sign(EpochState state, SecretBytes signaturePrivateKey, WireFormat format,
      FramedContent content) {
    return ContentAuthentication.sign(state.suite(), signaturePrivateKey, format, content,
        state.context(), Optional.empty());
  }

  /**
   * Wraps signed content of this member as an MLSMessage, a PublicMessage with a membership tag or
   * a PrivateMessage under the sender's ratchet (§6.2, §6.3).
   */
  public static MlsMessage protect(EpochState state, AuthenticatedContent content, int paddingLength,
      SecureRandom random) {
    CipherSuite suite = state.suite();
    if (content.wireFormat() == WireFormat.PUBLIC_MESSAGE) {
      return new MlsMessage(new MlsMessage.Public(PublicMessageProtection.protect(suite, content, state.context(),
          state.secrets().membershipKey())));
    }
    return new MlsMessage(new MlsMessage.Private(PrivateMessageProtection.protect(suite, content, state.secretTree(),
        state.secrets().senderDataSecret(), paddingLength, random)));
  }
}
