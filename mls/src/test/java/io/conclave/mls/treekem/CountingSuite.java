package io.conclave.mls.treekem;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeCiphertext;
import io.conclave.mls.crypto.HpkeExport;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;

/** A cipher suite that counts hashes and HPKE operations, to pin the work a commit does. */
final class CountingSuite implements CipherSuite {
  private final CipherSuite inner;
  int hashes;
  int hpkeSeals;
  int hpkeOpens;

  CountingSuite(CipherSuite inner) {
    this.inner = inner;
  }

  void reset() {
    hashes = 0;
    hpkeSeals = 0;
    hpkeOpens = 0;
  }

  @Override public int id() {
    return inner.id();
  }

  @Override public String name() {
    return inner.name();
  }

  @Override public int hashLength() {
    return inner.hashLength();
  }

  @Override public int aeadKeyLength() {
    return inner.aeadKeyLength();
  }

  @Override public int aeadNonceLength() {
    return inner.aeadNonceLength();
  }

  @Override public byte[] hash(byte[] data) {
    hashes++;
    return inner.hash(data);
  }

  @Override public byte[] mac(byte[] key, byte[] data) {
    return inner.mac(key, data);
  }

  @Override public byte[] extract(byte[] salt, byte[] ikm) {
    return inner.extract(salt, ikm);
  }

  @Override public byte[] expand(byte[] prk, byte[] info, int length) {
    return inner.expand(prk, info, length);
  }

  @Override public byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    return inner.seal(key, nonce, aad, plaintext);
  }

  @Override public byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
    return inner.open(key, nonce, aad, ciphertext);
  }

  @Override public SignatureKeyPair generateSignatureKeyPair() {
    return inner.generateSignatureKeyPair();
  }

  @Override public byte[] signaturePublicKey(SecretBytes privateKey) {
    return inner.signaturePublicKey(privateKey);
  }

  @Override public byte[] sign(SecretBytes privateKey, byte[] message) {
    return inner.sign(privateKey, message);
  }

  @Override public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return inner.verify(publicKey, message, signature);
  }

  @Override public HpkeKeyPair generateHpkeKeyPair() {
    return inner.generateHpkeKeyPair();
  }

  @Override public HpkeKeyPair deriveHpkeKeyPair(byte[] ikm) {
    return inner.deriveHpkeKeyPair(ikm);
  }

  @Override public HpkeCiphertext hpkeSeal(byte[] publicKey, byte[] info, byte[] aad, byte[] plaintext) {
    hpkeSeals++;
    return inner.hpkeSeal(publicKey, info, aad, plaintext);
  }

  @Override public byte[] hpkeOpen(SecretBytes privateKey, HpkeCiphertext ciphertext, byte[] info, byte[] aad) {
    hpkeOpens++;
    return inner.hpkeOpen(privateKey, ciphertext, info, aad);
  }

  @Override public HpkeExport hpkeExportSender(byte[] publicKey, byte[] info, byte[] exporterContext, int length) {
    return inner.hpkeExportSender(publicKey, info, exporterContext, length);
  }

  @Override public SecretBytes hpkeExportReceiver(SecretBytes privateKey, byte[] kemOutput, byte[] info,
      byte[] exporterContext, int length) {
    return inner.hpkeExportReceiver(privateKey, kemOutput, info, exporterContext, length);
  }
}
