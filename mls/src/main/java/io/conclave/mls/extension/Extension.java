package io.conclave.mls.extension;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import java.util.Arrays;

/**
 * {@code Extension} (RFC 9420 §13): a type and opaque data. Unknown types are kept as they are
 * (§13.4 lets GREASE and unknown values pass through), so encoding round-trips byte-exact.
 */
public record Extension(int type, byte[] data) implements TlsEncodable {

  public Extension {
    if ((type & ~0xffff) != 0) {
      throw new IllegalArgumentException("extension type out of range: " + type);
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeUint16(type).writeOpaque(data);
  }

  public static Extension decode(TlsReader reader) {
    return new Extension(reader.readUint16(), reader.readOpaque());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Extension e && e.type == type && Arrays.equals(e.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Extension[type=" + type + ", " + data.length + " bytes]";
  }
}
