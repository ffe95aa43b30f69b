package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.keypackage.KeyPackage;
import java.util.Objects;

/** {@code Add} (RFC 9420 §12.1.1): adds the owner of {@code keyPackage} to the group. */
public record Add(KeyPackage keyPackage) implements Proposal {
  public static final int TYPE = 1;

  public Add {
    Objects.requireNonNull(keyPackage, "keyPackage");
  }

  @Override
  public int proposalType() {
    return TYPE;
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.write(keyPackage);
  }

  public static Add decodeBody(TlsReader reader) {
    return new Add(KeyPackage.decode(reader));
  }
}
