package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.SecretBytes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GroupSecrets} (RFC 9420 §12.4.3.1): what a Welcome encrypts to each new member: the joiner
 * secret, optionally a path secret, and the PSKs the epoch uses. Key material, so not a record:
 * it prints no secret and compares by identity.
 */
public final class GroupSecrets implements TlsEncodable {
  private final SecretBytes joinerSecret;
  private final Optional<PathSecret> pathSecret;
  private final List<PreSharedKeyId> psks;

  public GroupSecrets(SecretBytes joinerSecret, Optional<PathSecret> pathSecret, List<PreSharedKeyId> psks) {
    this.joinerSecret = Objects.requireNonNull(joinerSecret, "joinerSecret");
    this.pathSecret = Objects.requireNonNull(pathSecret, "pathSecret");
    this.psks = List.copyOf(psks);
  }

  public SecretBytes joinerSecret() {
    return joinerSecret;
  }

  public Optional<PathSecret> pathSecret() {
    return pathSecret;
  }

  public List<PreSharedKeyId> psks() {
    return psks;
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(joinerSecret.unsafeView()).writeOptional(pathSecret).writeList(psks);
  }

  public static GroupSecrets decode(TlsReader reader) {
    return new GroupSecrets(SecretBytes.wrap(reader.readOpaque()), reader.readOptional(PathSecret::decode),
        reader.readList(PreSharedKeyId::decode));
  }

  @Override
  public String toString() {
    return "GroupSecrets[joinerSecret=" + joinerSecret.length() + " bytes, pathSecret="
        + (pathSecret.isPresent() ? "present" : "absent") + ", psks=" + psks.size() + "]";
  }
}
