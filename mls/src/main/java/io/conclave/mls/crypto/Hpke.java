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
    return ephemeral == null ? h.setupBaseS(recipient, info) : h.setupBaseS(recipient, info, ephemeral);
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
