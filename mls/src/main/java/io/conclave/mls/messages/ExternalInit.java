package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;

/**
 * {@code ExternalInit} (RFC 9420 §12.1.6): the KEM output from which a joiner and the group derive
 * the init secret of an external commit (§8.3).
 */
public record ExternalInit(byte[] kemOutput) implements Proposal {
  public static final int TYPE = 6;

  public ExternalInit {
    kemOutput = kemOutput.clone();
  }

  @Override
  public byte[] kemOutput() {
    return kemOutput.clone();
  }

  @Override
  public int proposalType() {
    return TYPE;
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.writeOpaque(kemOutput);
  }

  public static ExternalInit decodeBody(TlsReader reader) {
    return new ExternalInit(reader.readOpaque());
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
