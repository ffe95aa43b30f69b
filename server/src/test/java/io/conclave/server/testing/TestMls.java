package io.conclave.server.testing;

import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.HpkeCiphertext;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalPub;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PrivateMessage;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.messages.EncryptedGroupSecrets;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import io.conclave.mls.messages.Welcome;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.Lifetime;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * Well-formed MLS messages whose signatures and ciphertexts are random bytes: valid for no group.
 * The server reads only the clear fields of application messages and join requests, so these
 * drive those; registration and commits are verified and need a real group ({@link TestGroup}).
 */
public final class TestMls {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestMls() {}

  public static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static byte[] groupId(String meetingId) {
    return meetingId.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] encode(MlsMessage.Body body) {
    return new TlsWriter().write(new MlsMessage(body)).toByteArray();
  }

  public static byte[] groupInfo(String meetingId, long epoch) {
    GroupContext context = new GroupContext(1, 1, groupId(meetingId), epoch, random(32), random(32), List.of());
    return encode(new MlsMessage.GroupInfoBody(new GroupInfo(context, List.of(), random(32), 0, random(64))));
  }

  public static byte[] privateMessage(String meetingId, long epoch, ContentType type) {
    return encode(new MlsMessage.Private(
        new PrivateMessage(groupId(meetingId), epoch, type, new byte[0], random(16), random(64))));
  }

  public static byte[] commit(String meetingId, long epoch) {
    return privateMessage(meetingId, epoch, ContentType.COMMIT);
  }

  /** {@code groupInfo} with {@code external_pub} dropped, signed again by {@code signer}. */
  public static MlsMessage withoutExternalPub(MlsMessage groupInfo, SignatureKeyPair signer) {
    GroupInfo info = ((MlsMessage.GroupInfoBody) groupInfo.body()).groupInfo();
    List<Extension> kept = info.extensions().stream().filter(e -> e.type() != ExternalPub.EXTENSION_TYPE).toList();
    return new MlsMessage(new MlsMessage.GroupInfoBody(GroupInfoSignature.sign(CipherSuites.get(1),
        signer.privateKey(), new GroupInfo(info.groupContext(), kept, info.confirmationTag(), info.signer(),
            new byte[0]))));
  }

  /** {@code groupInfo} with an {@code external_pub} extension added, re-signed by {@code signer}. */
  public static MlsMessage withExternalPub(MlsMessage groupInfo, SignatureKeyPair signer) {
    GroupInfo info = ((MlsMessage.GroupInfoBody) groupInfo.body()).groupInfo();
    List<Extension> more = new java.util.ArrayList<>(info.extensions());
    more.add(new Extension(ExternalPub.EXTENSION_TYPE, new io.conclave.mls.codec.TlsWriter().writeOpaque(random(32))
        .toByteArray()));
    return new MlsMessage(new MlsMessage.GroupInfoBody(GroupInfoSignature.sign(CipherSuites.get(1),
        signer.privateKey(), new GroupInfo(info.groupContext(), more, info.confirmationTag(), info.signer(),
            new byte[0]))));
  }

  public static byte[] welcome() {
    return encode(new MlsMessage.WelcomeBody(new Welcome(1,
        List.of(new EncryptedGroupSecrets(random(32), new HpkeCiphertext(random(32), random(48)))), random(100))));
  }

  public static byte[] keyPackage(String identity) {
    LeafNode leaf = new LeafNode(random(32), random(32), new Credential.Basic(identity.getBytes(StandardCharsets.UTF_8)),
        new Capabilities(List.of(1), List.of(1), List.of(), List.of(), List.of(1)),
        new LeafNodeSource.FromKeyPackage(new Lifetime(0, Long.MAX_VALUE)), List.of(), random(64));
    return encode(new MlsMessage.KeyPackageBody(
        new KeyPackage(ProtocolVersion.MLS10, 1, random(32), leaf, List.of(), random(64))));
  }
}
