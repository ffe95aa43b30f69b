package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.ProtocolVersion;
import java.util.List;
import java.util.Objects;

/**
 * {@code ReInit} (RFC 9420 §12.1.5): ends the group and names the group that replaces it.
 *
 * @param cipherSuite cipher suite code point of the new group (§17.1)
 */
public record ReInit(byte[] groupId, ProtocolVersion version, int cipherSuite, List<Extension> extensions)
    implements Proposal {
  public static final int TYPE = 5;

  public ReInit {
    groupId = groupId.clone();
    Objects.requireNonNull(version, "version");
    if ((cipherSuite & ~0xffff) != 0) {
      throw new IllegalArgumentException("cipher suite out of range: " + cipherSuite);
    }
    extensions = List.copyOf(extensions);
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public int proposalType() {
    return TYPE;
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.writeOpaque(groupId);
    version.encode(writer);
    writer.writeUint16(cipherSuite).writeList(extensions);
  }

  public static ReInit decodeBody(TlsReader reader) {
    return new ReInit(reader.readOpaque(), ProtocolVersion.decode(reader), reader.readUint16(),
        reader.readList(Extension::decode));
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
