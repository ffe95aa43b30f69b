package io.conclave.mls.framing;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;

/** {@code WireFormat} (RFC 9420 §6, §17.2): which message an {@code MLSMessage} carries. */
public enum WireFormat {
  PUBLIC_MESSAGE(1),
  PRIVATE_MESSAGE(2),
  WELCOME(3),
  GROUP_INFO(4),
  KEY_PACKAGE(5);

  private final int code;

  WireFormat(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.writeUint16(code);
  }

  /** Reads a uint16 wire format; reserved and unregistered values are rejected. */
  public static WireFormat decode(TlsReader reader) {
    int code = reader.readUint16();
    for (WireFormat f : values()) {
      if (f.code == code) {
        return f;
      }
    }
    throw new DecodeException("unknown wire format " + code);
  }
}
