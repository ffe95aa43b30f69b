package io.conclave.mls.framing;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;

/** {@code ContentType} (RFC 9420 §6): what a framed message carries. */
public enum ContentType {
  APPLICATION(1),
  PROPOSAL(2),
  COMMIT(3);

  private final int code;

  ContentType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.writeUint8(code);
  }

  /** Reads a uint8 content type; {@code reserved(0)} and unknown values are rejected. */
  public static ContentType decode(TlsReader reader) {
    int code = reader.readUint8();
    for (ContentType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new DecodeException("unknown content type " + code);
  }
}
