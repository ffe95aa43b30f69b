package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import java.util.Objects;

/** {@code PreSharedKey} (RFC 9420 §12.1.4): injects the PSK named by {@code psk} into the next epoch. */
public record PreSharedKey(PreSharedKeyId psk) implements Proposal {
  public static final int TYPE = 4;

  public PreSharedKey {
    Objects.requireNonNull(psk, "psk");
  }

  @Override
  public int proposalType() {
    return TYPE;
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.write(psk);
  }

  public static PreSharedKey decodeBody(TlsReader reader) {
    return new PreSharedKey(PreSharedKeyId.decode(reader));
  }
}
