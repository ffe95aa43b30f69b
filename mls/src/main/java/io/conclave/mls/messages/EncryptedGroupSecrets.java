package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.crypto.HpkeCiphertext;
import java.util.Objects;

/**
 * {@code EncryptedGroupSecrets} (RFC 9420 §12.4.3.1): {@link GroupSecrets} encrypted to the init
 * key of the key package that {@code newMember} (a {@code KeyPackageRef}) names.
 */
public record EncryptedGroupSecrets(byte[] newMember, HpkeCiphertext encryptedGroupSecrets)
    implements TlsEncodable {

  public EncryptedGroupSecrets {
    newMember = newMember.clone();
    Objects.requireNonNull(encryptedGroupSecrets, "encryptedGroupSecrets");
  }

  @Override
  public byte[] newMember() {
    return newMember.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(newMember).write(encryptedGroupSecrets);
  }

  public static EncryptedGroupSecrets decode(TlsReader reader) {
    return new EncryptedGroupSecrets(reader.readOpaque(), HpkeCiphertext.decode(reader));
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
