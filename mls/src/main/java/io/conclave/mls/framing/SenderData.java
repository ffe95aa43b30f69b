package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;

/**
 * {@code SenderData} (RFC 9420 §6.3.2): the plaintext of a private message's encrypted sender
 * data, naming the sender's leaf, the ratchet generation and a 4-byte reuse guard.
 *
 * @param leafIndex uint32
 * @param generation uint32
 */
public record SenderData(long leafIndex, long generation, byte[] reuseGuard) implements TlsEncodable {

  public static final int REUSE_GUARD_LENGTH = 4;

  public SenderData {
    if ((leafIndex & ~0xffffffffL) != 0 || (generation & ~0xffffffffL) != 0) {
      throw new IllegalArgumentException("leaf index and generation are uint32");
    }
    if (reuseGuard.length != REUSE_GUARD_LENGTH) {
      throw new IllegalArgumentException("reuse guard must be " + REUSE_GUARD_LENGTH + " bytes");
    }
    reuseGuard = reuseGuard.clone();
  }

  @Override
  public byte[] reuseGuard() {
    return reuseGuard.clone();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeUint32(leafIndex).writeUint32(generation).writeFixed(reuseGuard);
  }

  public static SenderData decode(TlsReader reader) {
    return new SenderData(reader.readUint32(), reader.readUint32(), reader.readFixed(REUSE_GUARD_LENGTH));
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
