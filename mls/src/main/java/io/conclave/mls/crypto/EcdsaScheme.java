package io.conclave.mls.crypto;

import io.conclave.mls.CryptoException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA over the NIST curves with the suite's hash (RFC 9420 §5.1.1: uncompressed public points,
 * DER signatures), from Bouncy Castle. Signing is deterministic (RFC 6979), so it never depends on
 * the quality of a random number generator.
 */
final class EcdsaScheme implements SignatureScheme {
  static final EcdsaScheme P256 = new EcdsaScheme("secp256r1", SHA256Digest::new);
  static final EcdsaScheme P384 = new EcdsaScheme("secp384r1", SHA384Digest::new);
  static final EcdsaScheme P521 = new EcdsaScheme("secp521r1", SHA512Digest::new);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String curveName;
  private final ECDomainParameters domain;
  private final Supplier<Digest> digest;
  private final int scalarLength;
  private final int pointLength;

  private EcdsaScheme(String curveName, Supplier<Digest> digest) {
    X9ECParameters curve = CustomNamedCurves.getByName(curveName);
    this.curveName = curveName;
    this.domain = new ECDomainParameters(curve);
    this.digest = digest;
    this.scalarLength = (curve.getCurve().getFieldSize() + 7) / 8;
    this.pointLength = 1 + 2 * scalarLength;
  }

  @Override
  public SignatureKeyPair generateKeyPair() {
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(domain, RANDOM));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    BigInteger d = ((ECPrivateKeyParameters) pair.getPrivate()).getD();
    ECPoint q = ((ECPublicKeyParameters) pair.getPublic()).getQ();
    return new SignatureKeyPair(SecretBytes.wrap(BigIntegers.asUnsignedByteArray(scalarLength, d)), q.getEncoded(false));
  }

  @Override
  public byte[] publicKey(SecretBytes privateKey) {
    return new FixedPointCombMultiplier().multiply(domain.getG(), scalar(privateKey)).getEncoded(false);
  }

  @Override
  public byte[] sign(SecretBytes privateKey, byte[] message) {
    DSADigestSigner signer = newSigner();
    signer.init(true, new ECPrivateKeyParameters(scalar(privateKey), domain));
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    // Only the uncompressed form (0x04 || x || y) is a valid MLS encoding.
    if (publicKey.length != pointLength || publicKey[0] != 0x04) {
      return false;
    }
    try {
      ECPoint q = domain.getCurve().decodePoint(publicKey);
      DSADigestSigner signer = newSigner();
      signer.init(false, new ECPublicKeyParameters(q, domain));
      signer.update(message, 0, message.length);
      return signer.verifySignature(signature);
    } catch (RuntimeException e) {
      return false; // a point off the curve is as untrustworthy as a wrong signature
    }
  }

  private DSADigestSigner newSigner() {
    return new DSADigestSigner(
        new ECDSASigner(new HMacDSAKCalculator(digest.get())), digest.get(), StandardDSAEncoding.INSTANCE);
  }

  private BigInteger scalar(SecretBytes privateKey) {
    byte[] bytes = privateKey.unsafeView();
    BigInteger d = new BigInteger(1, bytes);
    // Up to scalarLength bytes: other implementations (and the official vectors) may drop
    // leading zero bytes of the big-endian scalar.
    if (bytes.length > scalarLength || d.signum() == 0 || d.compareTo(domain.getN()) >= 0) {
      throw new CryptoException("ECDSA " + curveName + " private key must be a scalar of at most "
          + scalarLength + " bytes in [1, n-1]");
    }
    return d;
  }

  @Override
  public String toString() {
    return "ECDSA-" + curveName;
  }
}
