package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.SecretBytes;
import java.util.Objects;

/**
 * {@code PathSecret} (RFC 9420 §12.4.3.1): the path secret of the lowest common ancestor of a
 * joiner and the committer. Key material, so not a record: it prints no content.
 */
public final class PathSecret implements TlsEncodable {
  private final SecretBytes pathSecret;

  public PathSecret(SecretBytes pathSecret) {
    this.pathSecret = Objects.requireNonNull(pathSecret, "pathSecret");
  }

  public SecretBytes pathSecret() {
    return pathSecret;
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(pathSecret.unsafeView());
  }

  public static PathSecret decode(TlsReader reader) {
    return new PathSecret(SecretBytes.wrap(reader.readOpaque()));
  }

  @Override
  public String toString() {
    return "PathSecret[" + pathSecret.length() + " bytes]";
  }
}
