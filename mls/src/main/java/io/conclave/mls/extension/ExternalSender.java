package io.conclave.mls.extension;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.credential.Credential;
import java.util.Objects;

/** {@code ExternalSender} (RFC 9420 §12.1.8.1): a party outside the group allowed to send proposals. */
public record ExternalSender(byte[] signatureKey, Credential credential) implements TlsEncodable {

  public ExternalSender {
    signatureKey = signatureKey.clone();
    Objects.requireNonNull(credential, "credential");
  }

  @Override
  public byte[] signatureKey() {
    return signatureKey.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(signatureKey).write(credential);
  }

  public static ExternalSender decode(TlsReader reader) {
    return new ExternalSender(reader.readOpaque(), Credential.decode(reader));
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
