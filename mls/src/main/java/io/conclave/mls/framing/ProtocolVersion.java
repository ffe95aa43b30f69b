package io.conclave.mls.framing;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;

/** {@code ProtocolVersion} (RFC 9420 §6): only {@code mls10} exists. */
public enum ProtocolVersion {
  MLS10(1);

  private final int code;

  ProtocolVersion(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.writeUint16(code);
  }

  /** Reads a uint16 version; {@code reserved(0)} and unknown versions are rejected. */
  public static ProtocolVersion decode(TlsReader reader) {
    int code = reader.readUint16();
    for (ProtocolVersion v : values()) {
      if (v.code == code) {
        return v;
      }
    }
    throw new DecodeException("unknown protocol version " + code);
  }
}
