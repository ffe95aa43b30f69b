package io.conclave.mls.keypackage;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.tree.LeafNode;
import java.util.List;
import java.util.Objects;

/**
 * {@code KeyPackage} (RFC 9420 §10): a client's pre-published keys for being added to a group,
 * signed with the leaf's signature key over {@code KeyPackageTBS} ({@link #toBeSigned()}).
 *
 * @param cipherSuite cipher suite code point (§17.1), checked by validation (§10.1), not here
 * @param initKey the {@code HPKEPublicKey} a Welcome is encrypted to
 */
public record KeyPackage(
    ProtocolVersion version,
    int cipherSuite,
    byte[] initKey,
    LeafNode leafNode,
    List<Extension> extensions,
    byte[] signature) implements TlsEncodable {

  public KeyPackage {
    Objects.requireNonNull(version, "version");
    if ((cipherSuite & ~0xffff) != 0) {
      throw new IllegalArgumentException("cipher suite out of range: " + cipherSuite);
    }
    initKey = initKey.clone();
    Objects.requireNonNull(leafNode, "leafNode");
    extensions = List.copyOf(extensions);
    signature = signature.clone();
  }

  @Override
  public byte[] initKey() {
    return initKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    encodeSignedFields(writer);
    writer.writeOpaque(signature);
  }

  private void encodeSignedFields(TlsWriter writer) {
    version.encode(writer);
    writer.writeUint16(cipherSuite).writeOpaque(initKey).write(leafNode).writeList(extensions);
  }

  /** The encoding of {@code KeyPackageTBS}: the key package without its signature. */
  public byte[] toBeSigned() {
    TlsWriter writer = new TlsWriter();
    encodeSignedFields(writer);
    return writer.toByteArray();
  }

  public static KeyPackage decode(TlsReader reader) {
    return new KeyPackage(
        ProtocolVersion.decode(reader),
        reader.readUint16(),
        reader.readOpaque(),
        LeafNode.decode(reader),
        reader.readList(Extension::decode),
        reader.readOpaque());
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
