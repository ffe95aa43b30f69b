package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;

/**
 * {@code Remove} (RFC 9420 §12.1.3): removes the member at leaf index {@code removed} (uint32).
 */
public record Remove(long removed) implements Proposal {
  public static final int TYPE = 3;

  public Remove {
    if ((removed & ~0xffffffffL) != 0) {
      throw new IllegalArgumentException("leaf index out of uint32 range: " + removed);
    }
  }

  @Override
  public int proposalType() {
    return TYPE;
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.writeUint32(removed);
  }

  public static Remove decodeBody(TlsReader reader) {
    return new Remove(reader.readUint32());
  }
}
