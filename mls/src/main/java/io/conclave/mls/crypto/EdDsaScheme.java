package io.conclave.mls.crypto;

import io.conclave.mls.CryptoException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.Ed448Signer;

/** Ed25519 and Ed448 (RFC 8032, pure variants, empty context) from Bouncy Castle. */
enum EdDsaScheme implements SignatureScheme {
  ED25519(Ed25519PrivateKeyParameters.KEY_SIZE, Ed25519PublicKeyParameters.KEY_SIZE),
  ED448(Ed448PrivateKeyParameters.KEY_SIZE, Ed448PublicKeyParameters.KEY_SIZE);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final int privateKeyLength;
  private final int publicKeyLength;

  EdDsaScheme(int privateKeyLength, int publicKeyLength) {
    this.privateKeyLength = privateKeyLength;
    this.publicKeyLength = publicKeyLength;
  }

  @Override
  public SignatureKeyPair generateKeyPair() {
    byte[] seed = new byte[privateKeyLength];
    RANDOM.nextBytes(seed);
    SecretBytes privateKey = SecretBytes.wrap(seed);
    return new SignatureKeyPair(privateKey, publicKey(privateKey));
  }

  @Override
  public byte[] publicKey(SecretBytes privateKey) {
    byte[] seed = checkedSeed(privateKey);
    return this == ED25519
        ? new Ed25519PrivateKeyParameters(seed).generatePublicKey().getEncoded()
        : new Ed448PrivateKeyParameters(seed).generatePublicKey().getEncoded();
  }

  @Override
  public byte[] sign(SecretBytes privateKey, byte[] message) {
    byte[] seed = checkedSeed(privateKey);
    AsymmetricKeyParameter key = this == ED25519
        ? new Ed25519PrivateKeyParameters(seed)
        : new Ed448PrivateKeyParameters(seed);
    Signer signer = newSigner();
    signer.init(true, key);
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (org.bouncycastle.crypto.CryptoException e) {
      throw new IllegalStateException(this + " signing failed", e);
    }
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != publicKeyLength) {
      return false;
    }
    try {
      AsymmetricKeyParameter key = this == ED25519
          ? new Ed25519PublicKeyParameters(publicKey)
          : new Ed448PublicKeyParameters(publicKey);
      Signer signer = newSigner();
      signer.init(false, key);
      signer.update(message, 0, message.length);
      return signer.verifySignature(signature);
    } catch (RuntimeException e) {
      return false; // an invalid point encoding is as untrustworthy as a wrong signature
    }
  }

  private Signer newSigner() {
    return this == ED25519 ? new Ed25519Signer() : new Ed448Signer(new byte[0]);
  }

  private byte[] checkedSeed(SecretBytes privateKey) {
    byte[] seed = privateKey.unsafeView();
    if (seed.length != privateKeyLength) {
      throw new CryptoException(this + " private key must be " + privateKeyLength + " bytes");
    }
    return seed;
  }
}
