package io.conclave.mls.messages;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;

/**
 * {@code Proposal} (RFC 9420 §12.1): a proposed change to the group. The encoding
 * ({@link #encode}) is the RFC's {@code Proposal} struct, the {@code ProposalType} followed by the
 * body; {@link #encodeBody} writes the body alone (e.g. the bare {@code Add} struct). Proposal
 * types without a body defined by RFC 9420 cannot be decoded and are rejected.
 */
public sealed interface Proposal extends TlsEncodable
    permits Add, Update, Remove, PreSharedKey, ReInit, ExternalInit, GroupContextExtensions {

  /** The uint16 {@code ProposalType} code point (§17.4). */
  int proposalType();

  /** Writes the proposal's own struct, without the type. */
  void encodeBody(TlsWriter writer);

  @Override
  default void encode(TlsWriter writer) {
    writer.writeUint16(proposalType());
    encodeBody(writer);
  }

  static Proposal decode(TlsReader reader) {
    int type = reader.readUint16();
    return switch (type) {
      case Add.TYPE -> Add.decodeBody(reader);
      case Update.TYPE -> Update.decodeBody(reader);
      case Remove.TYPE -> Remove.decodeBody(reader);
      case PreSharedKey.TYPE -> PreSharedKey.decodeBody(reader);
      case ReInit.TYPE -> ReInit.decodeBody(reader);
      case ExternalInit.TYPE -> ExternalInit.decodeBody(reader);
      case GroupContextExtensions.TYPE -> GroupContextExtensions.decodeBody(reader);
      default -> throw new DecodeException("unknown proposal type " + type);
    };
  }
}
