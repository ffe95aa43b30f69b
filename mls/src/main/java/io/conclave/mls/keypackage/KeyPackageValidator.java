package io.conclave.mls.keypackage;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.LeafNodeValidator;
import io.conclave.mls.treemath.LeafIndex;
import java.security.MessageDigest;

/**
 * The checks of RFC 9420 §10.1 that need no group tree: version, cipher suite, the key-package
 * leaf on its own (§7.3: source, signature, own capabilities, lifetime), the KeyPackage signature
 * and {@code init_key != encryption_key}, both valid HPKE public keys (§5.1.3), and no extension
 * type twice (§13.4). The lifetime is checked against the clock only by a validator for this
 * member's own use ({@link LeafNodeValidator#forReceived()}). The checks against the group's members (credential
 * types, key uniqueness, required capabilities) are the group's, since they need its tree.
 */
public final class KeyPackageValidator {
  static final String SIGNATURE_LABEL = "KeyPackageTBS";

  private KeyPackageValidator() {}

  /**
   * @param leafValidator carries the suite and the clock used for the lifetime check
   * @throws ProtocolException with a {@link io.conclave.mls.Rule}
   */
  public static void validate(CipherSuite suite, KeyPackage keyPackage, LeafNodeValidator leafValidator) {
    // §10.1 "the version ... matches the group's": ProtocolVersion.decode yields only mls10 and
    // rejects every other value (DecodeException), so a decoded KeyPackage always passes.
    if (keyPackage.cipherSuite() != suite.id()) {
      throw new ProtocolException(Rule.KEY_PACKAGE_CIPHER_SUITE,
          "KeyPackage suite " + keyPackage.cipherSuite() + ", group suite " + suite.id());
    }
    LeafNode leaf = keyPackage.leafNode();
    LeafNodeValidator.verifySource(leaf, LeafNodeSource.FromKeyPackage.class);
    // A key-package leaf is signed without a position; the index passed is not used.
    leafValidator.verifySignature(leaf, new byte[0], new LeafIndex(0));
    leafValidator.verifyOwnCapabilities(leaf);
    if (!leaf.capabilities().versions().contains(ProtocolVersion.MLS10.code())
        || !leaf.capabilities().cipherSuites().contains(suite.id())) {
      throw new ProtocolException(Rule.KEY_PACKAGE_CAPABILITIES, "leaf does not list mls10 and suite " + suite.id());
    }
    leafValidator.verifyLifetime(leaf);
    if (!suite.verifyWithLabel(leaf.signatureKey(), SIGNATURE_LABEL, keyPackage.toBeSigned(), keyPackage.signature())) {
      throw new ProtocolException(Rule.KEY_PACKAGE_SIGNATURE, "KeyPackage signature does not verify");
    }
    if (MessageDigest.isEqual(keyPackage.initKey(), leaf.encryptionKey())) {
      throw new ProtocolException(Rule.KEY_PACKAGE_INIT_KEY, "init_key equals the leaf encryption_key");
    }
    if (!suite.isValidHpkePublicKey(keyPackage.initKey())) {
      throw new ProtocolException(Rule.KEY_PACKAGE_INIT_KEY_INVALID, "init_key is not a valid HPKE public key");
    }
    leafValidator.verifyHpkeKey(leaf.encryptionKey(), "KeyPackage leaf encryption key");
    if (LeafNodeValidator.hasDuplicateType(keyPackage.extensions())) {
      throw new ProtocolException(Rule.KEY_PACKAGE_DUPLICATE_EXTENSION, "KeyPackage lists an extension type twice");
    }
    if (!LeafNodeValidator.listsAll(leaf.capabilities(), keyPackage.extensions())) {
      throw new ProtocolException(Rule.KEY_PACKAGE_EXTENSION_CAPABILITIES,
          "a KeyPackage extension is not in the leaf's capabilities");
    }
  }
}
