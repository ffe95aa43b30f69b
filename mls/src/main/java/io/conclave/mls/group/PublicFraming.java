package io.conclave.mls.group;

import io.conclave.mls.Rule;
import io.conclave.mls.CryptoException;
import io.conclave.mls.DecodeException;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.commit.HandshakeFraming;
import io.conclave.mls.messages.Add;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The public half of message protection (RFC 9420 §6.1, §6.2) for {@link PublicGroup}: the sender's
 * signature key and the FramedContentTBS signature. The membership tag needs the epoch's
 * membership key and is not checked.
 */
final class PublicFraming {
  private PublicFraming() {}

  /**
   * The verified content of a PublicMessage of {@code type} for {@code context}'s group and epoch.
   *
   * @param allowExternalCommit whether a {@code new_member_commit} sender is acceptable
   */
  static AuthenticatedContent unprotect(CipherSuite suite, GroupContext context, TreeState tree, MlsMessage message,
      ContentType type, boolean allowExternalCommit) {
    PublicMessage pub = switch (message.body()) {
      case MlsMessage.Public p -> p.message();
      case MlsMessage.Private p -> throw new ProtocolException(Rule.PUBLIC_PRIVATE_MESSAGE,
          "a PrivateMessage cannot be checked without the epoch's secrets");
      default -> throw new ProtocolException(Rule.WIRE_FORMAT, "expected a PublicMessage, got "
          + message.wireFormat());
    };
    FramedContent content = pub.content();
    if (content.contentType() != type) {
      throw new ProtocolException(Rule.PUBLIC_CONTENT_TYPE, "expected " + type + ", got "
          + content.contentType());
    }
    if (!Arrays.equals(content.groupId(), context.groupId())) {
      throw new ProtocolException(Rule.GROUP_ID, "message for another group");
    }
    if (content.epoch() != context.epoch()) {
      throw new ProtocolException(Rule.EPOCH, "message for epoch " + Long.toUnsignedString(content.epoch())
          + ", group is at " + Long.toUnsignedString(context.epoch()));
    }
    if (content.sender() instanceof Sender.NewMemberCommit && !allowExternalCommit) {
      throw new ProtocolException(Rule.PUBLIC_EXTERNAL_COMMIT, "external commits are not accepted");
    }
    byte[] key = signatureKey(context, tree, content);
    AuthenticatedContent authenticated = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content, pub.auth());
    try {
      ContentAuthentication.verify(suite, key, authenticated, context);
    } catch (CryptoException e) {
      throw new ProtocolException(Rule.PUBLIC_SIGNATURE, e.getMessage());
    }
    return authenticated;
  }

  /** §6.1: the key that signs content from each kind of sender. */
  static byte[] signatureKey(GroupContext context, TreeState tree, FramedContent content) {
    return switch (content.sender()) {
      case Sender.Member m -> memberLeaf(tree, m.leafIndex()).signatureKey();
      case Sender.External e -> HandshakeFraming.externalSender(context.extensions(), e.senderIndex()).signatureKey();
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
        yield c.commit().path().orElseThrow(() -> new ProtocolException(Rule.PATH_REQUIRED,
            "an external commit needs a path")).leafNode().signatureKey();
      }
    };
  }

  /** The leaf of a member sender; blank or out-of-tree leaves are not members (§6.1). */
  static LeafNode memberLeaf(TreeState tree, long leafIndex) {
    Optional<LeafNode> leaf = leafIndex >= 0 && leafIndex < tree.leafCount()
        ? tree.leaf(new LeafIndex((int) leafIndex)) : Optional.empty();
    return leaf.orElseThrow(() -> new ProtocolException(Rule.SENDER_NOT_MEMBER,
        "leaf " + leafIndex + " is not a member"));
  }

  /**
   * Runs a check of peer data so that every failure is a {@link ProtocolException}: crypto and
   * decode failures and unchecked exceptions from malformed values get {@link Rule#PUBLIC_MALFORMED}.
   */
  static <T> T guarded(Supplier<T> check) {
    try {
      return check.get();
    } catch (ProtocolException e) {
      throw e;
    } catch (CryptoException | DecodeException | IllegalArgumentException | IllegalStateException
        | IndexOutOfBoundsException | NoSuchElementException | ClassCastException | ArithmeticException e) {
      throw new ProtocolException(Rule.PUBLIC_MALFORMED, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
