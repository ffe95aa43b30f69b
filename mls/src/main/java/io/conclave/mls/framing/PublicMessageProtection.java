package io.conclave.mls.framing;

import io.conclave.mls.CryptoException;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.Rule;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.schedule.GroupContext;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Turning signed content into a {@link PublicMessage} and back (RFC 9420 §6.2): the membership
 * tag {@code MAC(membership_key, AuthenticatedContentTBM)} for member senders, and on receipt
 * the tag and the signature checks.
 */
public final class PublicMessageProtection {
  private PublicMessageProtection() {}

  /**
   * Wraps signed content as a PublicMessage. Application data is never sent in the clear.
   *
   * @param membershipKey the epoch's membership key; needed for member senders only
   */
  public static PublicMessage protect(CipherSuite suite, AuthenticatedContent authenticated,
      GroupContext context, SecretBytes membershipKey) {
    if (authenticated.wireFormat() != WireFormat.PUBLIC_MESSAGE) {
      throw new IllegalArgumentException("content was signed for " + authenticated.wireFormat());
    }
    FramedContent content = authenticated.content();
    if (content.contentType() == ContentType.APPLICATION) {
      throw new ProtocolException(Rule.APPLICATION_AS_PUBLIC_MESSAGE, "application data must be sent as a PrivateMessage");
    }
    Optional<byte[]> tag = Optional.empty();
    if (content.sender() instanceof Sender.Member) {
      tag = Optional.of(membershipTag(suite, authenticated, context, membershipKey));
    }
    return new PublicMessage(content, authenticated.auth(), tag);
  }

  /**
   * Checks a received PublicMessage and returns its authenticated content.
   *
   * @param membershipKey the epoch's membership key (used when the sender is a member)
   * @param signaturePublicKey the sender's signature key, looked up by the caller from the
   *     sender as §6.1 prescribes
   * @throws CryptoException if the membership tag or the signature does not verify
   * @throws ProtocolException if application data arrives in a PublicMessage
   */
  public static AuthenticatedContent unprotect(CipherSuite suite, PublicMessage message, GroupContext context,
      SecretBytes membershipKey, byte[] signaturePublicKey) {
    FramedContent content = message.content();
    if (content.contentType() == ContentType.APPLICATION) {
      throw new ProtocolException(Rule.APPLICATION_AS_PUBLIC_MESSAGE, "application data must not be sent as a PublicMessage");
    }
    AuthenticatedContent authenticated =
        new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content, message.auth());
    if (content.sender() instanceof Sender.Member) {
      byte[] expected = membershipTag(suite, authenticated, context, membershipKey);
      byte[] received = message.membershipTag().orElseThrow();
      if (!MessageDigest.isEqual(expected, received)) {
        throw new CryptoException("RFC9420 §6.2: membership tag does not verify");
      }
    }
    ContentAuthentication.verify(suite, signaturePublicKey, authenticated, context);
    return authenticated;
  }

  /** {@code MAC(membership_key, AuthenticatedContentTBM)}. */
  static byte[] membershipTag(CipherSuite suite, AuthenticatedContent authenticated, GroupContext context,
      SecretBytes membershipKey) {
    if (membershipKey == null) {
      throw new IllegalArgumentException("a member sender needs the membership key");
    }
    byte[] tbs = ContentAuthentication.framedContentTbs(
        authenticated.wireFormat(), authenticated.content(), context);
    TlsWriter tbm = new TlsWriter(tbs.length + 128);
    tbm.writeFixed(tbs).write(authenticated.auth());
    return suite.mac(membershipKey.unsafeView(), tbm.toByteArray());
  }
}
