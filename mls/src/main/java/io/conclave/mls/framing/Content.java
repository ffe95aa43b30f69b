package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.Proposal;
import java.util.Objects;

/**
 * The part of {@code FramedContent} and {@code PrivateMessageContent} that {@code content_type}
 * selects (RFC 9420 §6, §6.3.1): application data, a proposal or a commit. The encoding is the
 * selected field alone; the content type travels separately.
 */
public sealed interface Content extends TlsEncodable {

  ContentType contentType();

  /** Reads the field that {@code type} selects. */
  static Content decode(TlsReader reader, ContentType type) {
    return switch (type) {
      case APPLICATION -> new ApplicationData(reader.readOpaque());
      case PROPOSAL -> new ProposalContent(Proposal.decode(reader));
      case COMMIT -> new CommitContent(Commit.decode(reader));
    };
  }

  /** {@code opaque application_data<V>}. */
  record ApplicationData(byte[] data) implements Content {
    public ApplicationData {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public ContentType contentType() {
      return ContentType.APPLICATION;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeOpaque(data);
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

  /** A {@code Proposal}, with its type. */
  record ProposalContent(Proposal proposal) implements Content {
    public ProposalContent {
      Objects.requireNonNull(proposal, "proposal");
    }

    @Override
    public ContentType contentType() {
      return ContentType.PROPOSAL;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.write(proposal);
    }
  }

  /** A {@code Commit}. */
  record CommitContent(Commit commit) implements Content {
    public CommitContent {
      Objects.requireNonNull(commit, "commit");
    }

    @Override
    public ContentType contentType() {
      return ContentType.COMMIT;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.write(commit);
    }
  }
}
