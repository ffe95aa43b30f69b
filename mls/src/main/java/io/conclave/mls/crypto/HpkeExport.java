package io.conclave.mls.crypto;

import java.util.Objects;

/**
 * The sender's side of an HPKE export (RFC 9180 §5.3): the KEM output to send and the exported
 * secret. Not a record: the secret must not print.
 */
public final class HpkeExport {
  private final byte[] kemOutput;
  private final SecretBytes secret;

  public HpkeExport(byte[] kemOutput, SecretBytes secret) {
    this.kemOutput = kemOutput.clone();
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  public byte[] kemOutput() {
    return kemOutput.clone();
  }

  public SecretBytes secret() {
    return secret;
  }

  @Override
  public String toString() {
    return "HpkeExport[kem output " + kemOutput.length + " bytes]";
  }
}
