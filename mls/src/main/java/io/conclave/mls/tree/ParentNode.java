package io.conclave.mls.tree;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import java.util.List;

/**
 * {@code ParentNode} (RFC 9420 §7.1): an interior node's HPKE key, its parent hash (§7.9) and the
 * leaves that have not yet received its private key (§7.8).
 *
 * @param unmergedLeaves uint32 leaf indices
 */
public record ParentNode(byte[] encryptionKey, byte[] parentHash, List<Long> unmergedLeaves)
    implements TlsEncodable {

  public ParentNode {
    encryptionKey = encryptionKey.clone();
    parentHash = parentHash.clone();
    unmergedLeaves = List.copyOf(unmergedLeaves);
  }

  @Override
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  @Override
  public byte[] parentHash() {
    return parentHash.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(encryptionKey)
        .writeOpaque(parentHash)
        .writeList(unmergedLeaves, TlsWriter::writeUint32);
  }

  public static ParentNode decode(TlsReader reader) {
    return new ParentNode(reader.readOpaque(), reader.readOpaque(), reader.readList(TlsReader::readUint32));
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
