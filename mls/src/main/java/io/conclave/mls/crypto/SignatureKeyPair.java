package io.conclave.mls.crypto;

/** A signature key pair of a cipher suite's signature scheme, both keys serialized per RFC 9420 §5.1.1. */
public final class SignatureKeyPair {
  private final SecretBytes privateKey;
  private final byte[] publicKey;

  public SignatureKeyPair(SecretBytes privateKey, byte[] publicKey) {
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
    return "SignatureKeyPair[public " + publicKey.length + " bytes]";
  }
}
