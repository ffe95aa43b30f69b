package io.conclave.mls.tree;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.extension.Extension;
import java.util.List;
import java.util.Optional;

/**
 * The ratchet tree as it travels on the wire (RFC 9420 §12.4.3.3): {@code optional<Node>
 * ratchet_tree<V>}, the nodes in array order with blanks as empty optionals. Also the payload of
 * the {@code ratchet_tree} extension (§17.3). Structural rules (the last node is not blank, leaves
 * and parents alternate) are checked when the tree is imported, not here.
 */
public record RatchetTree(List<Optional<Node>> nodes) implements TlsEncodable {

  /** {@code ExtensionType.ratchet_tree} (§17.3). */
  public static final int EXTENSION_TYPE = 2;

  public RatchetTree {
    nodes = List.copyOf(nodes);
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeList(nodes, TlsWriter::writeOptional);
  }

  public static RatchetTree decode(TlsReader reader) {
    return new RatchetTree(reader.readList(r -> r.readOptional(Node::decode)));
  }

  public Extension toExtension() {
    return new Extension(EXTENSION_TYPE, toBytes());
  }

  /** Decodes the data of a {@code ratchet_tree} extension, which must hold exactly one tree. */
  public static RatchetTree fromExtension(Extension extension) {
    if (extension.type() != EXTENSION_TYPE) {
      throw new DecodeException("not a ratchet_tree extension: type " + extension.type());
    }
    return TlsReader.decodeFully(extension.data(), RatchetTree::decode);
  }
}
