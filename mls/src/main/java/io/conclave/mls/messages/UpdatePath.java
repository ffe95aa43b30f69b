package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.tree.LeafNode;
import java.util.List;
import java.util.Objects;

/**
 * {@code UpdatePath} (RFC 9420 §7.6): the committer's new leaf and, for each node of its filtered
 * direct path, the new public key and the path secret encrypted to the copath's resolution.
 */
public record UpdatePath(LeafNode leafNode, List<UpdatePathNode> nodes) implements TlsEncodable {

  public UpdatePath {
    Objects.requireNonNull(leafNode, "leafNode");
    nodes = List.copyOf(nodes);
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.write(leafNode).writeList(nodes);
  }

  public static UpdatePath decode(TlsReader reader) {
    return new UpdatePath(LeafNode.decode(reader), reader.readList(UpdatePathNode::decode));
  }
}
