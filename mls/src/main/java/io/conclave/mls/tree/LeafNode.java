package io.conclave.mls.tree;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.extension.Extension;
import java.util.List;
import java.util.Objects;

/**
 * {@code LeafNode} (RFC 9420 §7.2): a member's keys, credential and capabilities, signed by the
 * member. The signature covers {@code LeafNodeTBS}, which {@link #toBeSigned()} and
 * {@link #toBeSigned(byte[], long)} encode.
 *
 * @param encryptionKey the {@code HPKEPublicKey}, opaque here
 * @param signatureKey the {@code SignaturePublicKey}, opaque here
 */
public record LeafNode(
    byte[] encryptionKey,
    byte[] signatureKey,
    Credential credential,
    Capabilities capabilities,
    LeafNodeSource source,
    List<Extension> extensions,
    byte[] signature) implements TlsEncodable {

  public LeafNode {
    encryptionKey = encryptionKey.clone();
    signatureKey = signatureKey.clone();
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(source, "source");
    extensions = List.copyOf(extensions);
    signature = signature.clone();
  }

  @Override
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  @Override
  public byte[] signatureKey() {
    return signatureKey.clone();
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
    writer.writeOpaque(encryptionKey)
        .writeOpaque(signatureKey)
        .write(credential)
        .write(capabilities)
        .write(source)
        .writeList(extensions);
  }

  /**
   * The {@code LeafNodeTBS} of a leaf whose source is {@code key_package}: the leaf without its
   * signature.
   *
   * @throws IllegalStateException for update and commit leaves, which are bound to a group
   */
  public byte[] toBeSigned() {
    if (!(source instanceof LeafNodeSource.FromKeyPackage)) {
      throw new IllegalStateException("a " + source.getClass().getSimpleName()
          + " leaf is signed together with its group id and leaf index");
    }
    TlsWriter writer = new TlsWriter();
    encodeSignedFields(writer);
    return writer.toByteArray();
  }

  /**
   * The {@code LeafNodeTBS} of an update or commit leaf, which binds the leaf to the group and the
   * position it is signed for.
   *
   * @param leafIndex uint32
   * @throws IllegalStateException for key-package leaves, which are not bound to a group
   */
  public byte[] toBeSigned(byte[] groupId, long leafIndex) {
    if (source instanceof LeafNodeSource.FromKeyPackage) {
      throw new IllegalStateException("a key-package leaf is signed without group id and leaf index");
    }
    TlsWriter writer = new TlsWriter();
    encodeSignedFields(writer);
    writer.writeOpaque(groupId).writeUint32(leafIndex);
    return writer.toByteArray();
  }

  public static LeafNode decode(TlsReader reader) {
    return new LeafNode(
        reader.readOpaque(),
        reader.readOpaque(),
        Credential.decode(reader),
        Capabilities.decode(reader),
        LeafNodeSource.decode(reader),
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
