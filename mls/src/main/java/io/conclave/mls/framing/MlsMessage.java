package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.Welcome;
import java.util.Objects;

/**
 * {@code MLSMessage} (RFC 9420 §6): the envelope of everything MLS sends, a protocol version and
 * a body whose kind is the {@link WireFormat}.
 */
public record MlsMessage(ProtocolVersion version, Body body) implements TlsEncodable {

  public MlsMessage {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(body, "body");
  }

  /** An {@code mls10} message. */
  public MlsMessage(Body body) {
    this(ProtocolVersion.MLS10, body);
  }

  public WireFormat wireFormat() {
    return body.wireFormat();
  }

  @Override
  public void encode(TlsWriter writer) {
    version.encode(writer);
    body.wireFormat().encode(writer);
    body.encode(writer);
  }

  public static MlsMessage decode(TlsReader reader) {
    ProtocolVersion version = ProtocolVersion.decode(reader);
    Body body = switch (WireFormat.decode(reader)) {
      case PUBLIC_MESSAGE -> new Public(PublicMessage.decode(reader));
      case PRIVATE_MESSAGE -> new Private(PrivateMessage.decode(reader));
      case WELCOME -> new WelcomeBody(Welcome.decode(reader));
      case GROUP_INFO -> new GroupInfoBody(GroupInfo.decode(reader));
      case KEY_PACKAGE -> new KeyPackageBody(KeyPackage.decode(reader));
    };
    return new MlsMessage(version, body);
  }

  /** The message the wire format selects; its encoding is that message alone. */
  public sealed interface Body extends TlsEncodable {
    WireFormat wireFormat();
  }

  /** {@code mls_public_message}. */
  public record Public(PublicMessage message) implements Body {
    public Public {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.PUBLIC_MESSAGE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.write(message);
    }
  }

  /** {@code mls_private_message}. */
  public record Private(PrivateMessage message) implements Body {
    public Private {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.PRIVATE_MESSAGE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.write(message);
    }
  }

  /** {@code mls_welcome}. */
  public record WelcomeBody(Welcome welcome) implements Body {
    public WelcomeBody {
      Objects.requireNonNull(welcome, "welcome");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.WELCOME;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.write(welcome);
    }
  }

  /** {@code mls_group_info}. */
  public record GroupInfoBody(GroupInfo groupInfo) implements Body {
    public GroupInfoBody {
      Objects.requireNonNull(groupInfo, "groupInfo");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.GROUP_INFO;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.write(groupInfo);
    }
  }

  /** {@code mls_key_package}. */
  public record KeyPackageBody(KeyPackage keyPackage) implements Body {
    public KeyPackageBody {
      Objects.requireNonNull(keyPackage, "keyPackage");
    }

    @Override
    public WireFormat wireFormat() {
      return WireFormat.KEY_PACKAGE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.write(keyPackage);
    }
  }
}
