package io.conclave.mls.extension;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;

/**
 * The {@code external_pub} extension (RFC 9420 §12.4.3.2, §17.3): the HPKE public key, derived
 * from the epoch's external secret, that external joiners encrypt to.
 */
public record ExternalPub(byte[] externalPub) implements TlsEncodable {

  public static final int EXTENSION_TYPE = 4;

  public ExternalPub {
    externalPub = externalPub.clone();
  }

  @Override
  public byte[] externalPub() {
    return externalPub.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(externalPub);
  }

  public static ExternalPub decode(TlsReader reader) {
    return new ExternalPub(reader.readOpaque());
  }

  public Extension toExtension() {
    return new Extension(EXTENSION_TYPE, toBytes());
  }

  /** Decodes the data of an {@code external_pub} extension, which must hold exactly one value. */
  public static ExternalPub fromExtension(Extension extension) {
    if (extension.type() != EXTENSION_TYPE) {
      throw new DecodeException("not an external_pub extension: type " + extension.type());
    }
    return TlsReader.decodeFully(extension.data(), ExternalPub::decode);
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
