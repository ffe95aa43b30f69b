package io.conclave.mls.tree;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test client: key pairs and a signed key-package leaf (RFC 9420 §7.2), with a basic credential
 * and capabilities for suite {@code suite} unless a test asks otherwise.
 */
public final class TestMember {
  private final SignatureKeyPair signatureKeys;
  private final HpkeKeyPair encryptionKeys;
  private final LeafNode leaf;

  private TestMember(SignatureKeyPair signatureKeys, HpkeKeyPair encryptionKeys, LeafNode leaf) {
    this.signatureKeys = signatureKeys;
    this.encryptionKeys = encryptionKeys;
    this.leaf = leaf;
  }

  public SignatureKeyPair signatureKeys() {
    return signatureKeys;
  }

  public HpkeKeyPair encryptionKeys() {
    return encryptionKeys;
  }

  /** The key-package leaf. */
  public LeafNode leaf() {
    return leaf;
  }

  /** A lifetime from the epoch to the end of time (uint64 max). */
  public static final Lifetime FOREVER = new Lifetime(0, -1L);

  public static TestMember create(CipherSuite suite, String name) {
    return create(suite, name, suite.generateSignatureKeyPair(), suite.generateHpkeKeyPair(), FOREVER,
        defaultCapabilities(suite), List.of(), new Credential.Basic(name.getBytes(StandardCharsets.UTF_8)));
  }

  public static TestMember create(CipherSuite suite, String name, SignatureKeyPair signatureKeys,
      HpkeKeyPair encryptionKeys, Lifetime lifetime, Capabilities capabilities, List<Extension> extensions,
      Credential credential) {
    LeafNode unsigned = new LeafNode(encryptionKeys.publicKey(), signatureKeys.publicKey(), credential,
        capabilities, new LeafNodeSource.FromKeyPackage(lifetime), extensions, new byte[0]);
    return new TestMember(signatureKeys, encryptionKeys, signed(suite, unsigned, signatureKeys, unsigned.toBeSigned()));
  }

  public static Capabilities defaultCapabilities(CipherSuite suite) {
    return new Capabilities(List.of(1), List.of(suite.id()), List.of(), List.of(), List.of(Credential.TYPE_BASIC));
  }

  /** {@code leaf} with a new signature over {@code tbs}. */
  public static LeafNode signed(CipherSuite suite, LeafNode leaf, SignatureKeyPair keys, byte[] tbs) {
    byte[] signature = suite.signWithLabel(keys.privateKey(), "LeafNodeTBS", tbs);
    return new LeafNode(leaf.encryptionKey(), leaf.signatureKey(), leaf.credential(), leaf.capabilities(),
        leaf.source(), leaf.extensions(), signature);
  }
}
