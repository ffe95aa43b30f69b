package io.conclave.mls.crypto;

/**
 * The one {@link CipherSuite} implementation: an MLS cipher suite (RFC 9420 §5.1, §17.1) is a
 * combination of a hash (with its HMAC and HKDF), an AEAD, a signature scheme and an HPKE
 * configuration (RFC 9180 §7) using the same KDF and AEAD.
 */
final class MlsCipherSuite implements CipherSuite {
  private final int id;
  private final String name;
  private final HashFunction hash;
  private final Aead aead;
  private final SignatureScheme signature;
  private final Hpke hpke;

  MlsCipherSuite(int id, String name, Hpke.Kem kem, HashFunction hash, Aead aead, SignatureScheme signature) {
    this.id = id;
    this.name = name;
    this.hash = hash;
    this.aead = aead;
    this.signature = signature;
    this.hpke = new Hpke(kem, hash, aead);
  }

  /** The suite's HPKE, for known-answer tests that need its internal entry points. */
  Hpke hpke() {
    return hpke;
  }

  @Override
  public int id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int hashLength() {
    return hash.length();
  }

  @Override
  public int aeadKeyLength() {
    return aead.keyLength();
  }

  @Override
  public int aeadNonceLength() {
    return Aead.NONCE_LENGTH;
  }

  @Override
  public byte[] hash(byte[] data) {
    return hash.hash(data);
  }

  @Override
  public byte[] mac(byte[] key, byte[] data) {
    return hash.mac(key, data);
  }

  @Override
  public byte[] extract(byte[] salt, byte[] ikm) {
    return hash.extract(salt, ikm);
  }

  @Override
  public byte[] expand(byte[] prk, byte[] info, int length) {
    return hash.expand(prk, info, length);
  }

  @Override
  public byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    return aead.seal(key, nonce, aad, plaintext);
  }

  @Override
  public byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
    return aead.open(key, nonce, aad, ciphertext);
  }

  @Override
  public SignatureKeyPair generateSignatureKeyPair() {
    return signature.generateKeyPair();
  }

  @Override
  public byte[] signaturePublicKey(SecretBytes privateKey) {
    return signature.publicKey(privateKey);
  }

  @Override
  public byte[] sign(SecretBytes privateKey, byte[] message) {
    return signature.sign(privateKey, message);
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return this.signature.verify(publicKey, message, signature);
  }

  @Override
  public HpkeKeyPair generateHpkeKeyPair() {
    return hpke.generateKeyPair();
  }

  @Override
  public HpkeKeyPair deriveHpkeKeyPair(byte[] ikm) {
    return hpke.deriveKeyPair(ikm);
  }

  @Override
  public boolean isValidHpkePublicKey(byte[] publicKey) {
    return hpke.isValidPublicKey(publicKey);
  }

  @Override
  public HpkeCiphertext hpkeSeal(byte[] publicKey, byte[] info, byte[] aad, byte[] plaintext) {
    return hpke.seal(publicKey, info, aad, plaintext);
  }

  @Override
  public byte[] hpkeOpen(SecretBytes privateKey, HpkeCiphertext ciphertext, byte[] info, byte[] aad) {
    return hpke.open(privateKey, ciphertext, info, aad);
  }

  @Override
  public HpkeExport hpkeExportSender(byte[] publicKey, byte[] info, byte[] exporterContext, int length) {
    return hpke.exportSender(publicKey, info, exporterContext, length);
  }

  @Override
  public SecretBytes hpkeExportReceiver(SecretBytes privateKey, byte[] kemOutput, byte[] info,
      byte[] exporterContext, int length) {
    return hpke.exportReceiver(privateKey, kemOutput, info, exporterContext, length);
  }

  @Override
  public String toString() {
    return name + " (0x" + String.format("%04x", id) + ")";
  }
}
