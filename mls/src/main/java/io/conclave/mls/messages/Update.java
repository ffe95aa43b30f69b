package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.tree.LeafNode;
import java.util.Objects;

/** {@code Update} (RFC 9420 §12.1.2): replaces the sender's leaf with {@code leafNode}. */
public record Update(LeafNode leafNode) implements Proposal {
  public static final int TYPE = 2;

  public Update {
    Objects.requireNonNull(leafNode, "leafNode");
  }

  @Override
  public int proposalType() {
    return TYPE;
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.write(leafNode);
  }

  public static Update decodeBody(TlsReader reader) {
    return new Update(LeafNode.decode(reader));
  }
}
