package io.conclave.mls.framing;

import io.conclave.mls.CryptoException;
import io.conclave.mls.DecodeException;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.Rule;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.secrettree.RatchetKey;
import io.conclave.mls.secrettree.RatchetType;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.secrettree.SenderDataKeys;
import io.conclave.mls.secrettree.SenderRatchet;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * Encrypting signed content into a {@link PrivateMessage} and back (RFC 9420 §6.3): content
 * encryption under the sender's ratchet key with a reuse guard (§6.3.1), zero padding, and sender
 * data encryption keyed from a sample of the ciphertext (§6.3.2).
 */
public final class PrivateMessageProtection {
  private PrivateMessageProtection() {}

  /**
   * Encrypts {@code authenticated} (signed for {@link WireFormat#PRIVATE_MESSAGE} by a member)
   * with the next key of the sender's ratchet.
   *
   * @param paddingLength number of zero bytes appended to the plaintext (hides the content length)
   */
  public static PrivateMessage protect(CipherSuite suite, AuthenticatedContent authenticated, SecretTree tree,
      SecretBytes senderDataSecret, int paddingLength, SecureRandom random) {
    if (authenticated.wireFormat() != WireFormat.PRIVATE_MESSAGE) {
      throw new IllegalArgumentException("content was signed for " + authenticated.wireFormat());
    }
    if (paddingLength < 0) {
      throw new IllegalArgumentException("negative padding");
    }
    FramedContent content = authenticated.content();
    if (!(content.sender() instanceof Sender.Member member)) {
      throw new IllegalArgumentException("RFC9420 §6.3.2: only members send PrivateMessages");
    }
    ContentType type = content.contentType();
    byte[] groupId = content.groupId();
    byte[] authenticatedData = content.authenticatedData();

    TlsWriter plain = new TlsWriter(256 + paddingLength);
    content.content().encode(plain);
    plain.write(authenticated.auth());
    plain.writeFixed(new byte[paddingLength]);

    byte[] reuseGuard = new byte[SenderData.REUSE_GUARD_LENGTH];
    random.nextBytes(reuseGuard);
    RatchetKey key = tree.ratchet(member.leafIndex(), ratchetFor(type)).nextKey();
    byte[] ciphertext;
    try {
      byte[] nonce = guardedNonce(key.nonce(), reuseGuard);
      ciphertext = suite.seal(key.key().unsafeView(), nonce,
          contentAad(groupId, content.epoch(), type, authenticatedData), plain.toByteArray());
    } finally {
      key.destroy();
    }

    byte[] senderData = new SenderData(member.leafIndex(), key.generation(), reuseGuard).toBytes();
    SecretBytes senderKey = SenderDataKeys.key(suite, senderDataSecret, ciphertext);
    SecretBytes senderNonce = SenderDataKeys.nonce(suite, senderDataSecret, ciphertext);
    try {
      byte[] encryptedSenderData = suite.seal(senderKey.unsafeView(), senderNonce.unsafeView(),
          senderDataAad(groupId, content.epoch(), type), senderData);
      return new PrivateMessage(groupId, content.epoch(), type, authenticatedData, encryptedSenderData, ciphertext);
    } finally {
      senderKey.destroy();
      senderNonce.destroy();
    }
  }

  /**
   * Decrypts and authenticates a PrivateMessage of the epoch described by {@code context}.
   *
   * @param signatureKeyOfLeaf the signature public key of the member at a leaf index, or
   *     {@code null} if that leaf is blank
   * @throws io.conclave.mls.CryptoException if a decryption or the signature fails
   * @throws DecodeException if the sender data or the content is malformed or padding is non-zero
   * @throws ProtocolException if the group, epoch or sender leaf is wrong
   */
  public static AuthenticatedContent unprotect(CipherSuite suite, PrivateMessage message, SecretTree tree,
      SecretBytes senderDataSecret, GroupContext context, LongFunction<byte[]> signatureKeyOfLeaf) {
    if (!Arrays.equals(message.groupId(), context.groupId())) {
      throw new ProtocolException(Rule.GROUP_ID, "message for another group");
    }
    if (message.epoch() != context.epoch()) {
      throw new ProtocolException(Rule.EPOCH, "message for epoch " + Long.toUnsignedString(message.epoch())
          + ", group is at " + Long.toUnsignedString(context.epoch()));
    }
    ContentType type = message.contentType();
    byte[] ciphertext = message.ciphertext();
    SenderData senderData = decryptSenderData(suite, message, senderDataSecret, ciphertext);
    SenderRatchet ratchet = tree.ratchet(senderData.leafIndex(), ratchetFor(type));
    byte[] signatureKey = signatureKeyOfLeaf.apply(senderData.leafIndex());
    if (signatureKey == null) {
      throw new ProtocolException(Rule.SENDER_NOT_MEMBER, "sender leaf " + senderData.leafIndex() + " is blank");
    }
    // §9.2: the ratchet changes only once the message decrypted and its signature verified, so a
    // forged message (any generation) neither consumes nor passes over a genuine message's key.
    try (SenderRatchet.Reservation reserved = ratchet.reserve(senderData.generation())) {
      byte[] nonce = guardedNonce(reserved.key().nonce(), senderData.reuseGuard());
      byte[] plaintext = suite.open(reserved.key().key().unsafeView(), nonce,
          contentAad(message.groupId(), message.epoch(), type, message.authenticatedData()), ciphertext);
      TlsReader reader = new TlsReader(plaintext);
      Content content = Content.decode(reader, type);
      FramedContentAuthData auth = FramedContentAuthData.decode(reader, type);
      while (reader.hasRemaining()) {
        if (reader.readUint8() != 0) {
          throw new DecodeException("RFC9420 §6.3.1: non-zero padding");
        }
      }
      FramedContent framed = new FramedContent(message.groupId(), message.epoch(),
          new Sender.Member(senderData.leafIndex()), message.authenticatedData(), content);
      AuthenticatedContent authenticated = new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, framed, auth);
      ContentAuthentication.verify(suite, signatureKey, authenticated, context);
      reserved.consume();
      return authenticated;
    }
  }

  /** Decrypts the sender data (§6.3.2); no ratchet key is consumed. */
  private static SenderData decryptSenderData(CipherSuite suite, PrivateMessage message,
      SecretBytes senderDataSecret, byte[] ciphertext) {
    SecretBytes senderKey = SenderDataKeys.key(suite, senderDataSecret, ciphertext);
    SecretBytes senderNonce = SenderDataKeys.nonce(suite, senderDataSecret, ciphertext);
    try {
      byte[] plain = suite.open(senderKey.unsafeView(), senderNonce.unsafeView(),
          senderDataAad(message.groupId(), message.epoch(), message.contentType()),
          message.encryptedSenderData());
      return TlsReader.decodeFully(plain, SenderData::decode);
    } finally {
      senderKey.destroy();
      senderNonce.destroy();
    }
  }

  private static RatchetType ratchetFor(ContentType type) {
    return type == ContentType.APPLICATION ? RatchetType.APPLICATION : RatchetType.HANDSHAKE;
  }

  /** The ratchet nonce with the reuse guard XORed into its first four bytes (§6.3.1). */
  private static byte[] guardedNonce(SecretBytes nonce, byte[] reuseGuard) {
    byte[] out = nonce.copy();
    for (int i = 0; i < reuseGuard.length; i++) {
      out[i] ^= reuseGuard[i];
    }
    return out;
  }

  /** {@code PrivateContentAAD} (§6.3.1). */
  private static byte[] contentAad(byte[] groupId, long epoch, ContentType type, byte[] authenticatedData) {
    TlsWriter w = new TlsWriter(groupId.length + authenticatedData.length + 16);
    w.writeOpaque(groupId).writeUint64(epoch);
    type.encode(w);
    return w.writeOpaque(authenticatedData).toByteArray();
  }

  /** {@code SenderDataAAD} (§6.3.2). */
  private static byte[] senderDataAad(byte[] groupId, long epoch, ContentType type) {
    TlsWriter w = new TlsWriter(groupId.length + 16);
    w.writeOpaque(groupId).writeUint64(epoch);
    type.encode(w);
    return w.toByteArray();
  }
}
