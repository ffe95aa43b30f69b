package io.conclave.mls.framing;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;

/** {@code Sender} (RFC 9420 §6): who sent a framed message, encoded as its {@code SenderType} and index. */
public sealed interface Sender extends TlsEncodable {

  /** The uint8 {@code SenderType} code point. */
  int senderType();

  static Sender decode(TlsReader reader) {
    int type = reader.readUint8();
    return switch (type) {
      case Member.TYPE -> new Member(reader.readUint32());
      case External.TYPE -> new External(reader.readUint32());
      case NewMemberProposal.TYPE -> new NewMemberProposal();
      case NewMemberCommit.TYPE -> new NewMemberCommit();
      default -> throw new DecodeException("unknown sender type " + type);
    };
  }

  private static void checkUint32(long v, String what) {
    if ((v & ~0xffffffffL) != 0) {
      throw new IllegalArgumentException(what + " out of uint32 range: " + v);
    }
  }

  /** A member, by its uint32 leaf index. */
  record Member(long leafIndex) implements Sender {
    static final int TYPE = 1;

    public Member {
      checkUint32(leafIndex, "leaf index");
    }

    @Override
    public int senderType() {
      return TYPE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE).writeUint32(leafIndex);
    }
  }

  /** An external sender, by its uint32 index in the group's {@code external_senders} extension. */
  record External(long senderIndex) implements Sender {
    static final int TYPE = 2;

    public External {
      checkUint32(senderIndex, "sender index");
    }

    @Override
    public int senderType() {
      return TYPE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE).writeUint32(senderIndex);
    }
  }

  /** A non-member proposing its own addition (§12.1.8.1). */
  record NewMemberProposal() implements Sender {
    static final int TYPE = 3;

    @Override
    public int senderType() {
      return TYPE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE);
    }
  }

  /** A non-member joining through an external commit (§12.4.3.2). */
  record NewMemberCommit() implements Sender {
    static final int TYPE = 4;

    @Override
    public int senderType() {
      return TYPE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE);
    }
  }
}
