package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import java.util.Objects;

/**
 * {@code PrivateMessage} (RFC 9420 §6.3): content and sender encrypted under keys from the secret
 * tree. Only the header fields are readable here; decryption happens in message protection.
 *
 * @param epoch uint64, treated as unsigned
 */
public record PrivateMessage(
    byte[] groupId,
    long epoch,
    ContentType contentType,
    byte[] authenticatedData,
    byte[] encryptedSenderData,
    byte[] ciphertext) implements TlsEncodable {

  public PrivateMessage {
    groupId = groupId.clone();
    Objects.requireNonNull(contentType, "contentType");
    authenticatedData = authenticatedData.clone();
    encryptedSenderData = encryptedSenderData.clone();
    ciphertext = ciphertext.clone();
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public byte[] authenticatedData() {
    return authenticatedData.clone();
  }

  @Override
  public byte[] encryptedSenderData() {
    return encryptedSenderData.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(groupId).writeUint64(epoch);
    contentType.encode(writer);
    writer.writeOpaque(authenticatedData).writeOpaque(encryptedSenderData).writeOpaque(ciphertext);
  }

  public static PrivateMessage decode(TlsReader reader) {
    return new PrivateMessage(reader.readOpaque(), reader.readUint64(), ContentType.decode(reader),
        reader.readOpaque(), reader.readOpaque(), reader.readOpaque());
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
