package io.conclave.mls.credential;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;

/** {@code Certificate} (RFC 9420 §5.3): one DER-encoded X.509 certificate, not parsed here. */
public record Certificate(byte[] certData) implements TlsEncodable {

  public Certificate {
    certData = certData.clone();
  }

  @Override
  public byte[] certData() {
    return certData.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(certData);
  }

  public static Certificate decode(TlsReader reader) {
    return new Certificate(reader.readOpaque());
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
