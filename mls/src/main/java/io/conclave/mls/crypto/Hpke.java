package io.conclave.mls.crypto;

import io.conclave.mls.CryptoException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X448PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc7748.X448;
import org.bouncycastle.util.BigIntegers;

/**
 * HPKE (RFC 9180) in base mode, the only mode MLS uses (RFC 9420 §5.1.3), over Bouncy Castle's
 * low-level implementation.
 *
 * <p>Private keys are serialized as RFC 9180 §7.1.2 says: the raw, unclamped X25519/X448 bytes or
 * the fixed-length big-endian scalar; Bouncy Castle's own serializer clamps, which would change
 * the bytes (not the key) and break byte-for-byte comparisons with other implementations.
 *
 * <p>A Bouncy Castle {@link HPKE} object keeps per-operation state in its KEM, so each thread has
 * its own.
 */
final class Hpke {

  /** The DH-based KEMs of RFC 9180 §7.1, with their private key length {@code Nsk}. */
  enum Kem {
    P256(HPKE.kem_P256_SHA256, 32),
    P384(HPKE.kem_P384_SHA384, 48),
    P521(HPKE.kem_P521_SHA512, 66),
    X25519(HPKE.kem_X25519_SHA256, 32),
    X448(HPKE.kem_X448_SHA512, 56);

    final short id;
    final int privateKeyLength;

    Kem(short id, int privateKeyLength) {
      this.id = id;
      this.privateKeyLength = privateKeyLength;
    }
  }

  private final Kem kem;
  private final short kdfId;
  private final short aeadId;
  private final ThreadLocal<HPKE> hpke;

  Hpke(Kem kem, HashFunction kdf, Aead aead) {
    this.kem = kem;
    this.kdfId = kdf.hpkeKdfId();
    this.aeadId = aead.hpkeAeadId();
    this.hpke = ThreadLocal.withInitial(
        () -> new HPKE(HPKE.mode_base, kem.id, kdfId, aeadId));
  }

  Kem kem() {
    return kem;
  }

  short kdfId() {
    return kdfId;
  }

  short aeadId() {
    return aeadId;
  }

  /**
   * Whether {@code publicKey} is a usable KEM public key (RFC 9180 §7.1.1, §7.1.4; RFC 9420 §5.1.3):
   * for X25519 and X448 the right length and not a low-order point (a Diffie-Hellman with a fixed
   * scalar, a multiple of the cofactor, would give the all-zero value RFC 7748 §6 says to reject);
   * for the NIST curves an uncompressed point that lies on the curve and is not the point at
   * infinity. Peer data only; never throws.
   */
  boolean isValidPublicKey(byte[] publicKey) {
    if (publicKey == null) {
      return false;
    }
    return switch (kem) {
      case X25519 -> publicKey.length == X25519.POINT_SIZE
          && X25519.calculateAgreement(VALIDATION_SCALAR_25519, 0, publicKey, 0, new byte[X25519.POINT_SIZE], 0);
      case X448 -> publicKey.length == X448.POINT_SIZE
          && X448.calculateAgreement(VALIDATION_SCALAR_448, 0, publicKey, 0, new byte[X448.POINT_SIZE], 0);
      case P256, P384, P521 -> {
        // Uncompressed SEC1 encoding only (RFC 9180 §7.1.1); Bouncy Castle's decodePoint checks
        // that the point is on the curve and rejects the encoding of infinity.
        if (publicKey.length != 1 + 2 * kem.privateKeyLength || publicKey[0] != 0x04) {
          yield false;
        }
        try {
          hpke.get().deserializePublicKey(publicKey);
          yield true;
        } catch (RuntimeException e) {
          yield false;
        }
      }
    };
  }

  /** Any fixed scalar does: RFC 7748 clamping makes it a multiple of the cofactor. */
  private static final byte[] VALIDATION_SCALAR_25519 = fixedScalar(X25519.SCALAR_SIZE);
  private static final byte[] VALIDATION_SCALAR_448 = fixedScalar(X448.SCALAR_SIZE);

  private static byte[] fixedScalar(int length) {
    byte[] scalar = new byte[length];
    for (int i = 0; i < length; i++) {
      scalar[i] = (byte) (0x5a + 7 * i);
    }
    return scalar;
  }

  HpkeKeyPair generateKeyPair() {
    return serialize(hpke.get().generatePrivateKey());
  }

  /** DeriveKeyPair (RFC 9180 §7.1.3). */
  HpkeKeyPair deriveKeyPair(byte[] ikm) {
    return serialize(hpke.get().deriveKeyPair(ikm));
  }

  /** SealBase (RFC 9180 §6.1) with a fresh ephemeral key. */
  HpkeCiphertext seal(byte[] publicKey, byte[] info, byte[] aad, byte[] plaintext) {
    HPKEContextWithEncapsulation context = setupSender(publicKey, info, null);
    try {
      return new HpkeCiphertext(context.getEncapsulation(), context.seal(aad, plaintext));
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("HPKE encryption failed", e);
    }
  }

  /** OpenBase (RFC 9180 §6.1). */
  byte[] open(SecretBytes privateKey, HpkeCiphertext ciphertext, byte[] info, byte[] aad) {
    HPKEContext context = setupReceiver(ciphertext.kemOutput(), privateKey.unsafeView(), info);
    try {
      return context.open(aad, ciphertext.ciphertext());
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new CryptoException("HPKE decryption failed", e);
    }
  }

  /** SetupBaseS and Export (RFC 9180 §5.3) with a fresh ephemeral key. */
  HpkeExport exportSender(byte[] publicKey, byte[] info, byte[] exporterContext, int length) {
    HPKEContextWithEncapsulation context = setupSender(publicKey, info, null);
    return new HpkeExport(context.getEncapsulation(), SecretBytes.wrap(context.export(exporterContext, length)));
  }

  /** SetupBaseR and Export (RFC 9180 §5.3). */
  SecretBytes exportReceiver(SecretBytes privateKey, byte[] kemOutput, byte[] info, byte[] exporterContext,
      int length) {
    HPKEContext context = setupReceiver(kemOutput, privateKey.unsafeView(), info);
    try {
      return SecretBytes.wrap(context.export(exporterContext, length));
    } catch (RuntimeException e) {
      throw new CryptoException("HPKE export failed", e);
    }
  }

  /**
   * SetupBaseS (RFC 9180 §5.1.1). A non-null {@code ephemeral} replaces the random ephemeral key:
   * only known-answer tests may pass one, which is why this is not part of {@link CipherSuite}.
   */
  HPKEContextWithEncapsulation setupSender(byte[] publicKey, byte[] info, AsymmetricCipherKeyPair ephemeral) {
    HPKE h = hpke.get();
    AsymmetricKeyParameter recipient;
    try {
      recipient = h.deserializePublicKey(publicKey);
    } catch (RuntimeException e) {
      throw new CryptoException("malformed HPKE public key", e);
    }
    try {
      return ephemeral == null ? h.setupBaseS(recipient, info) : h.setupBaseS(recipient, info, ephemeral);
    } catch (RuntimeException e) {
      // Bouncy Castle throws IllegalStateException when the Diffie-Hellman result is all-zero (a
      // low-order X25519/X448 key): a bad peer key, reported as a crypto failure.
      throw new CryptoException("HPKE encapsulation to an invalid public key failed", e);
    }
  }

  /** SetupBaseR (RFC 9180 §5.1.1). */
  HPKEContext setupReceiver(byte[] enc, byte[] privateKey, byte[] info) {
    AsymmetricCipherKeyPair recipient = keyPair(privateKey);
    try {
      return hpke.get().setupBaseR(enc, recipient, info);
    } catch (RuntimeException e) {
      throw new CryptoException("HPKE decapsulation failed", e);
    }
  }

  /** DeserializePrivateKey (RFC 9180 §7.1.2), with the public key computed from it. */
  AsymmetricCipherKeyPair keyPair(byte[] privateKey) {
    if (privateKey.length != kem.privateKeyLength) {
      throw new CryptoException("HPKE private key must be " + kem.privateKeyLength + " bytes");
    }
    AsymmetricCipherKeyPair pair = deserialize(privateKey);
    // Bouncy Castle rejects a zero scalar (its public key is the point at infinity) but would
    // silently reduce one of n or more.
    if (pair.getPrivate() instanceof ECPrivateKeyParameters ec
        && ec.getD().compareTo(ec.getParameters().getN()) >= 0) {
      throw new CryptoException("HPKE private key out of range");
    }
    return pair;
  }

  private AsymmetricCipherKeyPair deserialize(byte[] privateKey) {
    try {
      return hpke.get().deserializePrivateKey(privateKey, null);
    } catch (RuntimeException e) {
      throw new CryptoException("malformed HPKE private key", e);
    }
  }

  private HpkeKeyPair serialize(AsymmetricCipherKeyPair pair) {
    AsymmetricKeyParameter privateKey = pair.getPrivate();
    byte[] raw = switch (privateKey) {
      case X25519PrivateKeyParameters x -> x.getEncoded();
      case X448PrivateKeyParameters x -> x.getEncoded();
      case ECPrivateKeyParameters ec -> BigIntegers.asUnsignedByteArray(kem.privateKeyLength, ec.getD());
      default -> throw new IllegalStateException("unexpected HPKE key type " + privateKey.getClass());
    };
    return new HpkeKeyPair(SecretBytes.wrap(raw), hpke.get().serializePublicKey(pair.getPublic()));
  }
}
