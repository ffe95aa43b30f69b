package io.conclave.mls.schedule;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.extension.Extension;
import java.util.List;

/**
 * {@code GroupContext} (RFC 9420 §8.1): the group state every member agrees on in an epoch.
 * A pure wire record; the key schedule derives from its encoding.
 *
 * @param version protocol version, always {@code mls10} (1)
 * @param cipherSuite cipher suite code point (§17.1), not checked against the implemented suites
 * @param epoch uint64, treated as unsigned
 */
public record GroupContext(
    int version,
    int cipherSuite,
    byte[] groupId,
    long epoch,
    byte[] treeHash,
    byte[] confirmedTranscriptHash,
    List<Extension> extensions) implements TlsEncodable {

  /** {@code ProtocolVersion.mls10} (RFC 9420 §6). */
  private static final int MLS10 = 1;

  public GroupContext {
    if (version != MLS10) {
      throw new IllegalArgumentException("unsupported protocol version " + version);
    }
    if ((cipherSuite & ~0xffff) != 0) {
      throw new IllegalArgumentException("cipher suite out of range: " + cipherSuite);
    }
    groupId = groupId.clone();
    treeHash = treeHash.clone();
    confirmedTranscriptHash = confirmedTranscriptHash.clone();
    extensions = List.copyOf(extensions);
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public byte[] treeHash() {
    return treeHash.clone();
  }

  @Override
  public byte[] confirmedTranscriptHash() {
    return confirmedTranscriptHash.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeUint16(version)
        .writeUint16(cipherSuite)
        .writeOpaque(groupId)
        .writeUint64(epoch)
        .writeOpaque(treeHash)
        .writeOpaque(confirmedTranscriptHash)
        .writeList(extensions);
  }

  public static GroupContext decode(TlsReader reader) {
    int version = reader.readUint16();
    if (version != MLS10) {
      throw new DecodeException("unknown protocol version " + version);
    }
    return new GroupContext(version, reader.readUint16(), reader.readOpaque(), reader.readUint64(),
        reader.readOpaque(), reader.readOpaque(), reader.readList(Extension::decode));
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
