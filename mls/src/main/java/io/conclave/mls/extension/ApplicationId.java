package io.conclave.mls.extension;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;

/**
 * The {@code application_id} extension (RFC 9420 §5.3.3, §17.3): an application-defined identifier
 * for a leaf, not authenticated beyond the leaf's signature.
 */
public record ApplicationId(byte[] applicationId) implements TlsEncodable {

  public static final int EXTENSION_TYPE = 1;

  public ApplicationId {
    applicationId = applicationId.clone();
  }

  @Override
  public byte[] applicationId() {
    return applicationId.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(applicationId);
  }

  public static ApplicationId decode(TlsReader reader) {
    return new ApplicationId(reader.readOpaque());
  }

  public Extension toExtension() {
    return new Extension(EXTENSION_TYPE, toBytes());
  }

  /** Decodes the data of an {@code application_id} extension, which must hold exactly one value. */
  public static ApplicationId fromExtension(Extension extension) {
    if (extension.type() != EXTENSION_TYPE) {
      throw new DecodeException("not an application_id extension: type " + extension.type());
    }
    return TlsReader.decodeFully(extension.data(), ApplicationId::decode);
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
