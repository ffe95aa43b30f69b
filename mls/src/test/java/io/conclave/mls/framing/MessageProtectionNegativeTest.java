package io.conclave.mls.framing;

import static io.conclave.mls.testing.RuleAssertions.assertRule;
import io.conclave.mls.Rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.CryptoException;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.secrettree.SenderRatchet;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Tampered, replayed and misdirected messages are rejected with specific errors (RFC 9420 §6). */
class MessageProtectionNegativeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final CipherSuite suite = CipherSuites.get(1);
  private final GroupContext context =
      new GroupContext(1, 1, new byte[] {1, 2, 3}, 5, new byte[32], new byte[32], List.of());
  private final SignatureKeyPair signer = suite.generateSignatureKeyPair();
  private final byte[] encryptionSecret = new byte[32];
  private final SecretBytes senderDataSecret = SecretBytes.wrap(new byte[32]);
  private final SecretBytes membershipKey = SecretBytes.wrap(new byte[32]);
  private final LongFunction<byte[]> keys = leaf -> leaf == 0 ? signer.publicKey() : null;

  private SecretTree tree() {
    return new SecretTree(suite, SecretBytes.copyOf(encryptionSecret), 2);
  }

  private AuthenticatedContent signed(WireFormat wireFormat, Content content) {
    FramedContent framed = new FramedContent(context.groupId(), context.epoch(), new Sender.Member(0),
        new byte[0], content);
    return ContentAuthentication.sign(suite, signer.privateKey(), wireFormat, framed, context, Optional.empty());
  }

  private PrivateMessage application(SecretTree senderTree, String text) {
    return PrivateMessageProtection.protect(suite,
        signed(WireFormat.PRIVATE_MESSAGE, new Content.ApplicationData(text.getBytes())),
        senderTree, senderDataSecret, 0, RANDOM);
  }

  private static PrivateMessage withCiphertext(PrivateMessage m, byte[] ciphertext) {
    return new PrivateMessage(m.groupId(), m.epoch(), m.contentType(), m.authenticatedData(),
        m.encryptedSenderData(), ciphertext);
  }

  @Test
  void forgedCiphertextFailsAndDoesNotBurnTheGenuineKey() {
    PrivateMessage genuine = application(tree(), "hello");
    byte[] forged = genuine.ciphertext();
    forged[forged.length - 1] ^= 1;
    SecretTree receiver = tree();
    assertThatThrownBy(() -> PrivateMessageProtection.unprotect(suite, withCiphertext(genuine, forged), receiver,
        senderDataSecret, context, keys)).isInstanceOf(CryptoException.class);
    AuthenticatedContent ok = PrivateMessageProtection.unprotect(suite, genuine, receiver, senderDataSecret,
        context, keys);
    assertThat(ok.content().content()).isEqualTo(new Content.ApplicationData("hello".getBytes()));
  }

  @Test
  void replayedMessageIsRejected() {
    PrivateMessage message = application(tree(), "once");
    SecretTree receiver = tree();
    PrivateMessageProtection.unprotect(suite, message, receiver, senderDataSecret, context, keys);
    assertRule(() -> PrivateMessageProtection.unprotect(suite, message, receiver, senderDataSecret,
        context, keys), Rule.KEY_CONSUMED);
  }

  @Test
  void wrongEpochAndWrongGroupAreRejected() {
    PrivateMessage message = application(tree(), "x");
    GroupContext later = new GroupContext(1, 1, context.groupId(), 6, new byte[32], new byte[32], List.of());
    GroupContext other = new GroupContext(1, 1, new byte[] {9}, 5, new byte[32], new byte[32], List.of());
    assertThatThrownBy(() -> PrivateMessageProtection.unprotect(suite, message, tree(), senderDataSecret, later,
        keys)).isInstanceOf(ProtocolException.class).hasMessageContaining("epoch");
    assertThatThrownBy(() -> PrivateMessageProtection.unprotect(suite, message, tree(), senderDataSecret, other,
        keys)).isInstanceOf(ProtocolException.class).hasMessageContaining("another group");
  }

  @Test
  void wrongSenderDataSecretFails() {
    PrivateMessage message = application(tree(), "x");
    SecretBytes otherSenderDataSecret = SecretBytes.wrap(filled(7));
    assertThatThrownBy(() -> PrivateMessageProtection.unprotect(suite, message, tree(), otherSenderDataSecret,
        context, keys)).isInstanceOf(CryptoException.class);
  }

  @Test
  void blankSenderLeafIsRejected() {
    PrivateMessage message = application(tree(), "x");
    assertThatThrownBy(() -> PrivateMessageProtection.unprotect(suite, message, tree(), senderDataSecret, context,
        leaf -> null)).isInstanceOf(ProtocolException.class).hasMessageContaining("blank");
  }

  @Test
  void signatureByAnotherKeyFails() {
    PrivateMessage message = application(tree(), "x");
    byte[] otherKey = suite.generateSignatureKeyPair().publicKey();
    assertThatThrownBy(() -> PrivateMessageProtection.unprotect(suite, message, tree(), senderDataSecret, context,
        leaf -> otherKey)).isInstanceOf(CryptoException.class);
  }

  @Test
  void publicMessageWithBadMembershipTagOrSignatureFails() {
    Content proposal = new Content.ProposalContent(new Remove(1));
    PublicMessage message = PublicMessageProtection.protect(suite, signed(WireFormat.PUBLIC_MESSAGE, proposal),
        context, membershipKey);
    SecretBytes otherMembershipKey = SecretBytes.wrap(filled(3));
    assertThatThrownBy(() -> PublicMessageProtection.unprotect(suite, message, context, otherMembershipKey,
        signer.publicKey())).isInstanceOf(CryptoException.class).hasMessageContaining("membership tag");
    byte[] otherKey = suite.generateSignatureKeyPair().publicKey();
    assertThatThrownBy(() -> PublicMessageProtection.unprotect(suite, message, context, membershipKey, otherKey))
        .isInstanceOf(CryptoException.class).hasMessageContaining("signature");
    assertThat(PublicMessageProtection.unprotect(suite, message, context, membershipKey, signer.publicKey())
        .content().content()).isEqualTo(proposal);
  }

  private static byte[] filled(int value) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
