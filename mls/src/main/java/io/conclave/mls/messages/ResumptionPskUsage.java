package io.conclave.mls.messages;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;

/** {@code ResumptionPSKUsage} (RFC 9420 §8.4): why a resumption PSK is injected. */
public enum ResumptionPskUsage {
  APPLICATION(1),
  REINIT(2),
  BRANCH(3);

  private final int code;

  ResumptionPskUsage(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.writeUint8(code);
  }

  /** Reads a uint8 usage; {@code reserved(0)} and unknown values are rejected. */
  public static ResumptionPskUsage decode(TlsReader reader) {
    int code = reader.readUint8();
    for (ResumptionPskUsage u : values()) {
      if (u.code == code) {
        return u;
      }
    }
    throw new DecodeException("unknown resumption PSK usage " + code);
  }
}
