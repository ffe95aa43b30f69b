package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code Commit} (RFC 9420 §12.4): applies proposals and, with a {@code path}, refreshes the
 * committer's path through the tree.
 */
public record Commit(List<ProposalOrRef> proposals, Optional<UpdatePath> path) implements TlsEncodable {

  public Commit {
    proposals = List.copyOf(proposals);
    Objects.requireNonNull(path, "path");
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeList(proposals).writeOptional(path);
  }

  public static Commit decode(TlsReader reader) {
    return new Commit(reader.readList(ProposalOrRef::decode), reader.readOptional(UpdatePath::decode));
  }
}
