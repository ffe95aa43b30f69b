package io.conclave.mls.crypto;

/**
 * A cipher suite's signature algorithm (RFC 9420 §5.1), with keys serialized as §5.1.1 requires:
 * raw keys for EdDSA (RFC 8032), and for ECDSA an uncompressed point as public key, a fixed-length
 * big-endian scalar as private key and DER-encoded signatures.
 */
sealed interface SignatureScheme permits EdDsaScheme, EcdsaScheme {

  SignatureKeyPair generateKeyPair();

  /** @throws io.conclave.mls.CryptoException if the private key is malformed */
  byte[] publicKey(SecretBytes privateKey);

  /** @throws io.conclave.mls.CryptoException if the private key is malformed */
  byte[] sign(SecretBytes privateKey, byte[] message);

  /** False, never an exception, for a wrong signature or a malformed key or signature. */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
