package io.conclave.mls.framing;

import static io.conclave.mls.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * message-protection.json (RFC 9420 §6.2, §6.3): for a proposal, a commit and application data
 * sent by leaf 1 of a two-member group, the given PublicMessage and PrivateMessage unprotect to
 * the raw content, and our own protection of the raw content unprotects again.
 */
class MessageProtectionVectorTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void allEntries() {
    Conformance.Tally tally = Conformance.start("message-protection.json");
    int i = 0;
    for (JsonNode v : Vectors.mls("message-protection.json")) {
      int suiteId = v.get("cipher_suite").asInt();
      if (!CipherSuites.isSupported(suiteId)) {
        tally.skipUnsupportedSuite();
        continue;
      }
      Entry entry = new Entry(CipherSuites.get(suiteId), v);
      String name = "entry " + i++ + " (suite " + suiteId + ")";
      tally.check(name, () -> {
        Content proposal = new Content.ProposalContent(
            TlsReader.decodeFully(hex(v.get("proposal")), Proposal::decode));
        Content commit = new Content.CommitContent(TlsReader.decodeFully(hex(v.get("commit")), Commit::decode));
        Content application = new Content.ApplicationData(hex(v.get("application")));

        entry.checkPublic(proposal, hex(v.get("proposal_pub")));
        entry.checkPublic(commit, hex(v.get("commit_pub")));
        entry.checkPublicRefused(application);
        entry.checkPrivate(proposal, hex(v.get("proposal_priv")));
        entry.checkPrivate(commit, hex(v.get("commit_priv")));
        entry.checkPrivate(application, hex(v.get("application_priv")));
      });
    }
    tally.assertNoFailures();
  }

  private static final class Entry {
    final CipherSuite suite;
    final GroupContext context;
    final SecretBytes signaturePrivate;
    final byte[] signaturePublic;
    final byte[] encryptionSecret;
    final SecretBytes senderDataSecret;
    final SecretBytes membershipKey;
    final LongFunction<byte[]> keys;

    Entry(CipherSuite suite, JsonNode v) {
      this.suite = suite;
      this.context = new GroupContext(1, suite.id(), hex(v.get("group_id")), v.get("epoch").asLong(),
          hex(v.get("tree_hash")), hex(v.get("confirmed_transcript_hash")), List.of());
      this.signaturePrivate = SecretBytes.copyOf(hex(v.get("signature_priv")));
      this.signaturePublic = hex(v.get("signature_pub"));
      this.encryptionSecret = hex(v.get("encryption_secret"));
      this.senderDataSecret = SecretBytes.copyOf(hex(v.get("sender_data_secret")));
      this.membershipKey = SecretBytes.copyOf(hex(v.get("membership_key")));
      this.keys = leaf -> leaf == 1 ? signaturePublic : null;
    }

    SecretTree freshTree() {
      return new SecretTree(suite, SecretBytes.copyOf(encryptionSecret), 2);
    }

    FramedContent framed(Content content) {
      return new FramedContent(context.groupId(), context.epoch(), new Sender.Member(1), new byte[0], content);
    }

    Optional<byte[]> tagFor(Content content) {
      return content.contentType() == ContentType.COMMIT
          ? Optional.of(suite.mac(new byte[suite.hashLength()], context.confirmedTranscriptHash()))
          : Optional.empty();
    }

    void checkPublic(Content raw, byte[] encoded) {
      PublicMessage given = ((MlsMessage.Public) TlsReader.decodeFully(encoded, MlsMessage::decode).body()).message();
      AuthenticatedContent received = PublicMessageProtection.unprotect(suite, given, context, membershipKey,
          signaturePublic);
      assertThat(received.content().content()).isEqualTo(raw);

      AuthenticatedContent signed = ContentAuthentication.sign(suite, signaturePrivate, WireFormat.PUBLIC_MESSAGE,
          framed(raw), context, tagFor(raw));
      PublicMessage ours = PublicMessageProtection.protect(suite, signed, context, membershipKey);
      PublicMessage decoded = TlsReader.decodeFully(new MlsMessage(new MlsMessage.Public(ours)).toBytes(),
          MlsMessage::decode).body() instanceof MlsMessage.Public p ? p.message() : null;
      assertThat(PublicMessageProtection.unprotect(suite, decoded, context, membershipKey, signaturePublic)
          .content().content()).isEqualTo(raw);
    }

    void checkPublicRefused(Content application) {
      AuthenticatedContent signed = ContentAuthentication.sign(suite, signaturePrivate, WireFormat.PUBLIC_MESSAGE,
          framed(application), context, Optional.empty());
      assertThatThrownBy(() -> PublicMessageProtection.protect(suite, signed, context, membershipKey))
          .isInstanceOf(ProtocolException.class);
    }

    void checkPrivate(Content raw, byte[] encoded) {
      PrivateMessage given = ((MlsMessage.Private) TlsReader.decodeFully(encoded, MlsMessage::decode).body()).message();
      AuthenticatedContent received = PrivateMessageProtection.unprotect(suite, given, freshTree(),
          senderDataSecret, context, keys);
      assertThat(received.content().content()).isEqualTo(raw);

      AuthenticatedContent signed = ContentAuthentication.sign(suite, signaturePrivate, WireFormat.PRIVATE_MESSAGE,
          framed(raw), context, tagFor(raw));
      PrivateMessage ours = PrivateMessageProtection.protect(suite, signed, freshTree(), senderDataSecret, 7, RANDOM);
      PrivateMessage decoded = ((MlsMessage.Private) TlsReader.decodeFully(
          new MlsMessage(new MlsMessage.Private(ours)).toBytes(), MlsMessage::decode).body()).message();
      assertThat(PrivateMessageProtection.unprotect(suite, decoded, freshTree(), senderDataSecret, context, keys)
          .content().content()).isEqualTo(raw);
    }
  }
}
