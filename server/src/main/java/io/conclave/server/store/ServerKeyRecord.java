package io.conclave.server.store;

/**
 * The stored external-sender signing key. Not a record: the private key must not appear in a
 * generated {@code toString}.
 */
public final class ServerKeyRecord {
  private final int cipherSuite;
  private final byte[] privateKey;
  private final byte[] publicKey;
  private final byte[] credential;

  /** @param credential the TLS-encoded MLS {@code Credential} (RFC 9420 §5.3) */
  public ServerKeyRecord(int cipherSuite, byte[] privateKey, byte[] publicKey, byte[] credential) {
    this.cipherSuite = cipherSuite;
    this.privateKey = privateKey.clone();
    this.publicKey = publicKey.clone();
    this.credential = credential.clone();
  }

  public int cipherSuite() {
    return cipherSuite;
  }

  public byte[] privateKey() {
    return privateKey.clone();
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public byte[] credential() {
    return credential.clone();
  }

  @Override
  public String toString() {
    return "ServerKeyRecord[suite " + cipherSuite + "]";
  }
}
