package io.conclave.mls.extension;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import java.util.List;

/**
 * The {@code required_capabilities} extension (RFC 9420 §11.1, §17.3): extension, proposal and
 * credential types every member must support. Lists of uint16 code points, unknown values kept.
 */
public record RequiredCapabilities(
    List<Integer> extensionTypes,
    List<Integer> proposalTypes,
    List<Integer> credentialTypes) implements TlsEncodable {

  public static final int EXTENSION_TYPE = 3;

  public RequiredCapabilities {
    extensionTypes = uint16List(extensionTypes);
    proposalTypes = uint16List(proposalTypes);
    credentialTypes = uint16List(credentialTypes);
  }

  private static List<Integer> uint16List(List<Integer> values) {
    for (int v : values) {
      if ((v & ~0xffff) != 0) {
        throw new IllegalArgumentException("not a uint16: " + v);
      }
    }
    return List.copyOf(values);
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeList(extensionTypes, TlsWriter::writeUint16)
        .writeList(proposalTypes, TlsWriter::writeUint16)
        .writeList(credentialTypes, TlsWriter::writeUint16);
  }

  public static RequiredCapabilities decode(TlsReader reader) {
    return new RequiredCapabilities(
        reader.readList(TlsReader::readUint16),
        reader.readList(TlsReader::readUint16),
        reader.readList(TlsReader::readUint16));
  }

  public Extension toExtension() {
    return new Extension(EXTENSION_TYPE, toBytes());
  }

  /** Decodes the data of an {@code required_capabilities} extension, which must hold exactly one value. */
  public static RequiredCapabilities fromExtension(Extension extension) {
    if (extension.type() != EXTENSION_TYPE) {
      throw new DecodeException("not an required_capabilities extension: type " + extension.type());
    }
    return TlsReader.decodeFully(extension.data(), RequiredCapabilities::decode);
  }
}
