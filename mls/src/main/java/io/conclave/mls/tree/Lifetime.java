package io.conclave.mls.tree;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;

/**
 * {@code Lifetime} (RFC 9420 §7.2): the validity window of a key package's leaf, in seconds since
 * the Unix epoch. Both are uint64 and compared as unsigned values.
 */
public record Lifetime(long notBefore, long notAfter) implements TlsEncodable {

  @Override
  public void encode(TlsWriter writer) {
    writer.writeUint64(notBefore).writeUint64(notAfter);
  }

  public static Lifetime decode(TlsReader reader) {
    return new Lifetime(reader.readUint64(), reader.readUint64());
  }
}
