package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.schedule.GroupContext;
import java.util.List;
import java.util.Objects;

/**
 * {@code GroupInfo} (RFC 9420 §12.4.3): what a joiner needs to know about the group, signed by
 * member {@code signer} over {@code GroupInfoTBS} ({@link #toBeSigned()}).
 *
 * @param signer uint32 leaf index of the signing member
 */
public record GroupInfo(
    GroupContext groupContext,
    List<Extension> extensions,
    byte[] confirmationTag,
    long signer,
    byte[] signature) implements TlsEncodable {

  public GroupInfo {
    Objects.requireNonNull(groupContext, "groupContext");
    extensions = List.copyOf(extensions);
    confirmationTag = confirmationTag.clone();
    if ((signer & ~0xffffffffL) != 0) {
      throw new IllegalArgumentException("signer out of uint32 range: " + signer);
    }
    signature = signature.clone();
  }

  @Override
  public byte[] confirmationTag() {
    return confirmationTag.clone();
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
    writer.write(groupContext).writeList(extensions).writeOpaque(confirmationTag).writeUint32(signer);
  }

  /** The encoding of {@code GroupInfoTBS}: the group info without its signature. */
  public byte[] toBeSigned() {
    TlsWriter writer = new TlsWriter();
    encodeSignedFields(writer);
    return writer.toByteArray();
  }

  public static GroupInfo decode(TlsReader reader) {
    return new GroupInfo(GroupContext.decode(reader), reader.readList(Extension::decode), reader.readOpaque(),
        reader.readUint32(), reader.readOpaque());
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
