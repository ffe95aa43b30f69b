package io.conclave.mls.tree;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import java.util.Objects;

/**
 * {@code Node} (RFC 9420 §7.8, §12.4.3.3): a non-blank node of the ratchet tree, encoded as its
 * {@code NodeType} byte and the leaf or parent node.
 */
public sealed interface Node extends TlsEncodable {

  static Node decode(TlsReader reader) {
    int type = reader.readUint8();
    return switch (type) {
      case Leaf.TYPE -> new Leaf(LeafNode.decode(reader));
      case Parent.TYPE -> new Parent(ParentNode.decode(reader));
      default -> throw new DecodeException("unknown node type " + type);
    };
  }

  /** {@code NodeType.leaf}. */
  record Leaf(LeafNode leafNode) implements Node {
    static final int TYPE = 1;

    public Leaf {
      Objects.requireNonNull(leafNode, "leafNode");
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE).write(leafNode);
    }
  }

  /** {@code NodeType.parent}. */
  record Parent(ParentNode parentNode) implements Node {
    static final int TYPE = 2;

    public Parent {
      Objects.requireNonNull(parentNode, "parentNode");
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(TYPE).write(parentNode);
    }
  }
}
