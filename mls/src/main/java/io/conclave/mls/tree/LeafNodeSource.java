package io.conclave.mls.tree;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import java.util.Objects;

/**
 * {@code LeafNodeSource} and the field it selects (RFC 9420 §7.2): how a leaf node was created.
 * A key-package leaf carries a {@link Lifetime}, a commit leaf a parent hash, an update leaf nothing.
 * The encoding is the source byte followed by the selected field.
 */
public sealed interface LeafNodeSource extends TlsEncodable {

  /** The uint8 {@code LeafNodeSource} code point. */
  int code();

  static LeafNodeSource decode(TlsReader reader) {
    int code = reader.readUint8();
    return switch (code) {
      case FromKeyPackage.CODE -> new FromKeyPackage(Lifetime.decode(reader));
      case FromUpdate.CODE -> new FromUpdate();
      case FromCommit.CODE -> new FromCommit(reader.readOpaque());
      default -> throw new DecodeException("unknown leaf node source " + code);
    };
  }

  /** {@code key_package}: the leaf of a key package, valid for {@code lifetime}. */
  record FromKeyPackage(Lifetime lifetime) implements LeafNodeSource {
    static final int CODE = 1;

    public FromKeyPackage {
      Objects.requireNonNull(lifetime, "lifetime");
    }

    @Override
    public int code() {
      return CODE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(CODE).write(lifetime);
    }
  }

  /** {@code update}: a leaf sent in an Update proposal. */
  record FromUpdate() implements LeafNodeSource {
    static final int CODE = 2;

    @Override
    public int code() {
      return CODE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(CODE);
    }
  }

  /** {@code commit}: a leaf sent in a commit's UpdatePath, bound to the path by its parent hash. */
  record FromCommit(byte[] parentHash) implements LeafNodeSource {
    static final int CODE = 3;

    public FromCommit {
      parentHash = parentHash.clone();
    }

    @Override
    public byte[] parentHash() {
      return parentHash.clone();
    }

    @Override
    public int code() {
      return CODE;
    }

    @Override
    public void encode(TlsWriter writer) {
      writer.writeUint8(CODE).writeOpaque(parentHash);
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
