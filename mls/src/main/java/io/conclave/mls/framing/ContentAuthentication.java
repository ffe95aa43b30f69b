package io.conclave.mls.framing;

import io.conclave.mls.CryptoException;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.schedule.GroupContext;
import java.util.Optional;

/**
 * Signing and verifying framed content (RFC 9420 §6.1): {@code FramedContentTBS} and the
 * {@code signature} of {@link FramedContentAuthData}.
 */
public final class ContentAuthentication {
  static final String SIGNATURE_LABEL = "FramedContentTBS";

  private ContentAuthentication() {}

  /**
   * Encodes {@code FramedContentTBS}. The group context is included for {@code member} and
   * {@code new_member_commit} senders and must then be given.
   */
  public static byte[] framedContentTbs(WireFormat wireFormat, FramedContent content, GroupContext context) {
    TlsWriter w = new TlsWriter(256);
    ProtocolVersion.MLS10.encode(w);
    wireFormat.encode(w);
    content.encode(w);
    if (needsContext(content.sender())) {
      if (context == null) {
        throw new IllegalArgumentException("a member or new_member_commit sender signs over the group context");
      }
      context.encode(w);
    }
    return w.toByteArray();
  }

  private static boolean needsContext(Sender sender) {
    return sender instanceof Sender.Member || sender instanceof Sender.NewMemberCommit;
  }

  /**
   * Signs {@code content} as it will be sent in {@code wireFormat}.
   *
   * @param confirmationTag present exactly when the content is a commit
   */
  public static AuthenticatedContent sign(CipherSuite suite, SecretBytes signaturePrivateKey,
      WireFormat wireFormat, FramedContent content, GroupContext context, Optional<byte[]> confirmationTag) {
    byte[] tbs = framedContentTbs(wireFormat, content, context);
    byte[] signature = suite.signWithLabel(signaturePrivateKey, SIGNATURE_LABEL, tbs);
    return new AuthenticatedContent(wireFormat, content, new FramedContentAuthData(signature, confirmationTag));
  }

  /**
   * Verifies the signature of {@code authenticated}.
   *
   * @throws CryptoException if it does not verify under {@code signaturePublicKey}
   */
  public static void verify(CipherSuite suite, byte[] signaturePublicKey, AuthenticatedContent authenticated,
      GroupContext context) {
    byte[] tbs = framedContentTbs(authenticated.wireFormat(), authenticated.content(), context);
    if (!suite.verifyWithLabel(signaturePublicKey, SIGNATURE_LABEL, tbs, authenticated.auth().signature())) {
      throw new CryptoException("RFC9420 §6.1: FramedContentTBS signature does not verify");
    }
  }
}
