package io.conclave.mls.keypackage;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.messages.WelcomeProtection;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.LeafNodeValidator;
import io.conclave.mls.tree.Lifetime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A KeyPackage (RFC 9420 §10) together with its private keys: the {@code init_key} a Welcome is
 * encrypted to, the leaf's encryption key and the signature key. Publish {@link #keyPackage()};
 * keep the bundle secret until the Welcome arrives, then {@link #destroyInitKey()} (§16.8: a
 * KeyPackage is used once).
 */
public final class KeyPackageBundle {
  private final CipherSuite suite;
  private final KeyPackage keyPackage;
  private final HpkeKeyPair initKeyPair;
  private final HpkeKeyPair encryptionKeyPair;
  private final SignatureKeyPair signatureKeyPair;

  private KeyPackageBundle(CipherSuite suite, KeyPackage keyPackage, HpkeKeyPair initKeyPair,
      HpkeKeyPair encryptionKeyPair, SignatureKeyPair signatureKeyPair) {
    this.suite = suite;
    this.keyPackage = keyPackage;
    this.initKeyPair = initKeyPair;
    this.encryptionKeyPair = encryptionKeyPair;
    this.signatureKeyPair = signatureKeyPair;
  }

  /**
   * A fresh KeyPackage valid from one hour before now (clock skew) for {@code validity}, with
   * default capabilities ({@link #defaultCapabilities}) and no extensions.
   *
   * @throws IllegalArgumentException if {@code validity} plus that hour exceeds
   *     {@link LeafNodeValidator#MAX_TOTAL_LIFETIME} (§7.2)
   */
  public static KeyPackageBundle create(CipherSuite suite, Credential credential, SignatureKeyPair signer,
      InstantSource clock, Duration validity) {
    if (validity.isNegative() || validity.plus(Duration.ofHours(1)).compareTo(LeafNodeValidator.MAX_TOTAL_LIFETIME) > 0) {
      throw new IllegalArgumentException("validity " + validity + " plus the hour of skew exceeds the maximum total"
          + " lifetime " + LeafNodeValidator.MAX_TOTAL_LIFETIME);
    }
    Instant now = clock.instant();
    Lifetime lifetime = new Lifetime(now.minus(Duration.ofHours(1)).getEpochSecond(),
        now.plus(validity).getEpochSecond());
    return create(suite, credential, signer, lifetime, defaultCapabilities(suite), List.of(), List.of());
  }

  /** A fresh KeyPackage with everything chosen by the caller; signs leaf and package. */
  public static KeyPackageBundle create(CipherSuite suite, Credential credential, SignatureKeyPair signer,
      Lifetime lifetime, Capabilities capabilities, List<Extension> leafExtensions,
      List<Extension> keyPackageExtensions) {
    return create(suite, credential, signer, lifetime, capabilities, initKey -> leafExtensions, keyPackageExtensions);
  }

  /**
   * As {@link #create(CipherSuite, Credential, SignatureKeyPair, Lifetime, Capabilities, List, List)},
   * with leaf extensions computed from the new {@code init_key} (e.g. an application proof bound to
   * this KeyPackage).
   */
  public static KeyPackageBundle create(CipherSuite suite, Credential credential, SignatureKeyPair signer,
      Lifetime lifetime, Capabilities capabilities, Function<byte[], List<Extension>> leafExtensionsOfInitKey,
      List<Extension> keyPackageExtensions) {
    HpkeKeyPair init = suite.generateHpkeKeyPair();
    List<Extension> leafExtensions = List.copyOf(leafExtensionsOfInitKey.apply(init.publicKey()));
    HpkeKeyPair encryption = suite.generateHpkeKeyPair();
    LeafNode unsigned = new LeafNode(encryption.publicKey(), signer.publicKey(), credential, capabilities,
        new LeafNodeSource.FromKeyPackage(lifetime), leafExtensions, new byte[0]);
    byte[] leafSignature = suite.signWithLabel(signer.privateKey(), "LeafNodeTBS", unsigned.toBeSigned());
    LeafNode leaf = new LeafNode(unsigned.encryptionKey(), unsigned.signatureKey(), credential, capabilities,
        unsigned.source(), leafExtensions, leafSignature);
    KeyPackage tbs = new KeyPackage(ProtocolVersion.MLS10, suite.id(), init.publicKey(), leaf,
        keyPackageExtensions, new byte[0]);
    byte[] signature = suite.signWithLabel(signer.privateKey(), KeyPackageValidator.SIGNATURE_LABEL, tbs.toBeSigned());
    KeyPackage signed = new KeyPackage(ProtocolVersion.MLS10, suite.id(), init.publicKey(), leaf,
        keyPackageExtensions, signature);
    return new KeyPackageBundle(suite, signed, init, encryption, signer);
  }

  /**
   * A bundle from keys generated elsewhere (e.g. test vectors). The private keys are not checked
   * against the public ones here; a Welcome that does not match them fails to decrypt.
   */
  public static KeyPackageBundle of(CipherSuite suite, KeyPackage keyPackage, HpkeKeyPair initKeyPair,
      HpkeKeyPair encryptionKeyPair, SignatureKeyPair signatureKeyPair) {
    return new KeyPackageBundle(Objects.requireNonNull(suite), Objects.requireNonNull(keyPackage),
        Objects.requireNonNull(initKeyPair), Objects.requireNonNull(encryptionKeyPair),
        Objects.requireNonNull(signatureKeyPair));
  }

  /**
   * Capabilities listing mls10, {@code suite}, both credential types and no non-default
   * extension or proposal types (§7.2).
   */
  public static Capabilities defaultCapabilities(CipherSuite suite) {
    return new Capabilities(List.of(ProtocolVersion.MLS10.code()), List.of(suite.id()), List.of(), List.of(),
        List.of(Credential.TYPE_BASIC, Credential.TYPE_X509));
  }

  public CipherSuite suite() {
    return suite;
  }

  public KeyPackage keyPackage() {
    return keyPackage;
  }

  /** {@code KeyPackageRef} (§5.2). */
  public byte[] ref() {
    return WelcomeProtection.keyPackageRef(suite, keyPackage);
  }

  /** The KeyPackage as an {@code MLSMessage} for publication. */
  public MlsMessage toMessage() {
    return new MlsMessage(new MlsMessage.KeyPackageBody(keyPackage));
  }

  public HpkeKeyPair initKeyPair() {
    return initKeyPair;
  }

  public HpkeKeyPair encryptionKeyPair() {
    return encryptionKeyPair;
  }

  public SignatureKeyPair signatureKeyPair() {
    return signatureKeyPair;
  }

  /** Wipes the init private key once the KeyPackage has been used. */
  public void destroyInitKey() {
    initKeyPair.privateKey().destroy();
  }

  @Override
  public String toString() {
    return "KeyPackageBundle[suite " + suite.id() + "]";
  }
}
