package io.conclave.mls.crypto;

/** An HPKE (KEM) key pair: the private key as a secret, the public key in its serialized form. */
public final class HpkeKeyPair {
  private final SecretBytes privateKey;
  private final byte[] publicKey;

  public HpkeKeyPair(SecretBytes privateKey, byte[] publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey.clone();
  }

  public SecretBytes privateKey() {
    return privateKey;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public String toString() {
    return "HpkeKeyPair[public " + publicKey.length + " bytes]";
  }
}
