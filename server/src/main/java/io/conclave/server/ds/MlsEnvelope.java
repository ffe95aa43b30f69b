package io.conclave.server.ds;

import io.conclave.mls.MlsException;
import io.conclave.mls.codec.DecodeLimits;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.WireFormat;
import io.conclave.protocol.control.CloseCode;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the delivery service may read of an {@code MLSMessage} (RFC 9420 §6): its wire format and,
 * for handshake and application messages, the group id, epoch and content type that travel in
 * the clear (§6.2 PublicMessage, §6.3 PrivateMessage). Nothing is decrypted or verified here; the
 * decoded {@link #message()} goes to the {@link io.conclave.mls.group.PublicGroup} for that.
 *
 * @param groupId empty for Welcome and KeyPackage; for a GroupInfo, its group context's
 * @param epoch -1 for Welcome and KeyPackage; for a GroupInfo, its group context's
 * @param contentType present for PublicMessage and PrivateMessage
 * @param message the decoded message
 */
public record MlsEnvelope(WireFormat wireFormat, byte[] groupId, long epoch, Optional<ContentType> contentType,
    MlsMessage message) {

  /** Bounds of what a client may send: at most 4 MiB in one vector, 100,000 list items. */
  static final DecodeLimits LIMITS = new DecodeLimits(4 << 20, 100_000);

  /** @throws Violation (malformed) if {@code bytes} is not exactly one valid MLSMessage */
  public static MlsEnvelope parse(byte[] bytes, String what) {
    MlsMessage message;
    try {
      message = TlsReader.decodeFully(bytes, LIMITS, MlsMessage::decode);
    } catch (MlsException | IllegalArgumentException e) {
      throw new Violation(CloseCode.MALFORMED, what + " is not a valid MLSMessage");
    }
    return switch (message.body()) {
      case MlsMessage.Public p -> new MlsEnvelope(WireFormat.PUBLIC_MESSAGE, p.message().content().groupId(),
          p.message().content().epoch(), Optional.of(p.message().content().contentType()), message);
      case MlsMessage.Private p -> new MlsEnvelope(WireFormat.PRIVATE_MESSAGE, p.message().groupId(),
          p.message().epoch(), Optional.of(p.message().contentType()), message);
      case MlsMessage.GroupInfoBody g -> new MlsEnvelope(WireFormat.GROUP_INFO,
          g.groupInfo().groupContext().groupId(), g.groupInfo().groupContext().epoch(), Optional.empty(), message);
      case MlsMessage.WelcomeBody w -> new MlsEnvelope(WireFormat.WELCOME, new byte[0], -1, Optional.empty(), message);
      case MlsMessage.KeyPackageBody k -> new MlsEnvelope(WireFormat.KEY_PACKAGE, new byte[0], -1, Optional.empty(),
          message);
    };
  }

  /** A PublicMessage or PrivateMessage of {@code type}, else a malformed-message violation. */
  public MlsEnvelope requireFramed(ContentType type, String what) {
    if (contentType.isEmpty() || contentType.get() != type) {
      throw new Violation(CloseCode.MALFORMED, what + " must be a " + type + " message");
    }
    return this;
  }

  public MlsEnvelope requireWireFormat(WireFormat format, String what) {
    if (wireFormat != format) {
      throw new Violation(CloseCode.MALFORMED, what + " must be an MLSMessage of wire format " + format);
    }
    return this;
  }

  public MlsEnvelope requireGroup(byte[] expected, String what) {
    if (!Arrays.equals(groupId, expected)) {
      throw new Violation(CloseCode.MALFORMED, what + " is for another group");
    }
    return this;
  }
}
