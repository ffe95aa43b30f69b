package io.conclave.mls.messages;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import java.util.Objects;

/**
 * {@code ProposalOrRef} (RFC 9420 §12.4): a commit's proposal, given inline or by the
 * {@code ProposalRef} (§5.2) of a proposal sent earlier in the epoch.
 */
public sealed interface ProposalOrRef extends TlsEncodable {

  static ProposalOrRef decode(TlsReader reader) {
    int type = reader.readUint8();
    return switch (type) {
      case Inline.TYPE -> new Inline(Proposal.decode(reader));
      case Reference.TYPE -> new Reference(reader.readOpaque());
      default -> throw new DecodeException("unknown ProposalOrRef type " + type);
    };
  }

  /** {@code ProposalOrRefType.proposal}: the proposal itself. */
  record Inline(Proposal proposal) implements ProposalOrRef {
    static final int TYPE = 1;

    public Inline {
      Objects.requireNonNull(proposal, "proposal");
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE).write(proposal);
    }
  }

  /** {@code ProposalOrRefType.reference}: the hash reference of a proposal sent separately. */
  record Reference(byte[] proposalRef) implements ProposalOrRef {
    static final int TYPE = 2;

    public Reference {
      proposalRef = proposalRef.clone();
    }

    @Override
    public byte[] proposalRef() {
      return proposalRef.clone();
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE).writeOpaque(proposalRef);
    }

    @Override
    public boolean equals(Object o) {
      return WireValues.equals(this, o);
    }

    @Override
    public int hashCode() {
      return WireValues.hashCode(this);
    }

    @Override
    public String toString() {
      return WireValues.toString(this);
    }
  }
}
