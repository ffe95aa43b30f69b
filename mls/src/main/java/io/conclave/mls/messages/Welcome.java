package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import java.util.List;

/**
 * {@code Welcome} (RFC 9420 §12.4.3.1): the group secrets for each new member and the GroupInfo,
 * encrypted under the welcome key.
 *
 * @param cipherSuite cipher suite code point (§17.1)
 */
public record Welcome(int cipherSuite, List<EncryptedGroupSecrets> secrets, byte[] encryptedGroupInfo)
    implements TlsEncodable {

  public Welcome {
    if ((cipherSuite & ~0xffff) != 0) {
      throw new IllegalArgumentException("cipher suite out of range: " + cipherSuite);
    }
    secrets = List.copyOf(secrets);
    encryptedGroupInfo = encryptedGroupInfo.clone();
  }

  @Override
  public byte[] encryptedGroupInfo() {
    return encryptedGroupInfo.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeUint16(cipherSuite).writeList(secrets).writeOpaque(encryptedGroupInfo);
  }

  public static Welcome decode(TlsReader reader) {
    return new Welcome(reader.readUint16(), reader.readList(EncryptedGroupSecrets::decode), reader.readOpaque());
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
