package io.conclave.mls.messages;

import io.conclave.mls.CryptoException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeCiphertext;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.keypackage.KeyPackage;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Encryption of a Welcome (RFC 9420 §12.4.3.1): the GroupInfo under keys from the
 * {@code welcome_secret}, and each new member's GroupSecrets to the {@code init_key} of its
 * KeyPackage with {@code EncryptWithLabel(init_key, "Welcome", encrypted_group_info, GroupSecrets)}.
 */
public final class WelcomeProtection {
  static final String GROUP_SECRETS_LABEL = "Welcome";
  static final String KEY_PACKAGE_REF_LABEL = "MLS 1.0 KeyPackage Reference";

  private WelcomeProtection() {}

  /** {@code KeyPackageRef = RefHash("MLS 1.0 KeyPackage Reference", KeyPackage)} (§5.2). */
  public static byte[] keyPackageRef(CipherSuite suite, KeyPackage keyPackage) {
    return suite.refHash(KEY_PACKAGE_REF_LABEL, keyPackage.toBytes());
  }

  /** {@code welcome_key} and {@code welcome_nonce} encrypt the GroupInfo. */
  public static byte[] encryptGroupInfo(CipherSuite suite, SecretBytes welcomeSecret, GroupInfo groupInfo) {
    byte[] key = suite.expandWithLabel(welcomeSecret.unsafeView(), "key", new byte[0], suite.aeadKeyLength());
    byte[] nonce = suite.expandWithLabel(welcomeSecret.unsafeView(), "nonce", new byte[0], suite.aeadNonceLength());
    return suite.seal(key, nonce, new byte[0], groupInfo.toBytes());
  }

  /**
   * Decrypts and decodes the GroupInfo of a Welcome.
   *
   * @throws CryptoException if the welcome secret does not open it
   */
  public static GroupInfo decryptGroupInfo(CipherSuite suite, SecretBytes welcomeSecret, byte[] encryptedGroupInfo) {
    byte[] key = suite.expandWithLabel(welcomeSecret.unsafeView(), "key", new byte[0], suite.aeadKeyLength());
    byte[] nonce = suite.expandWithLabel(welcomeSecret.unsafeView(), "nonce", new byte[0], suite.aeadNonceLength());
    byte[] plain = suite.open(key, nonce, new byte[0], encryptedGroupInfo);
    return TlsReader.decodeFully(plain, GroupInfo::decode);
  }

  /** Encrypts {@code secrets} for the holder of {@code keyPackage}. */
  public static EncryptedGroupSecrets encryptGroupSecrets(CipherSuite suite, KeyPackage keyPackage,
      byte[] encryptedGroupInfo, GroupSecrets secrets) {
    HpkeCiphertext ciphertext = suite.encryptWithLabel(
        keyPackage.initKey(), GROUP_SECRETS_LABEL, encryptedGroupInfo, secrets.toBytes());
    return new EncryptedGroupSecrets(keyPackageRef(suite, keyPackage), ciphertext);
  }

  /** The entry of {@code welcome} addressed to the KeyPackage with reference {@code ref}, if any. */
  public static Optional<EncryptedGroupSecrets> find(Welcome welcome, byte[] ref) {
    List<EncryptedGroupSecrets> all = welcome.secrets();
    for (EncryptedGroupSecrets entry : all) {
      if (MessageDigest.isEqual(entry.newMember(), ref)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /**
   * Decrypts one new member's GroupSecrets with the private key of its KeyPackage's init key.
   *
   * @throws CryptoException if decryption fails
   */
  public static GroupSecrets decryptGroupSecrets(CipherSuite suite, SecretBytes initPrivateKey,
      EncryptedGroupSecrets entry, byte[] encryptedGroupInfo) {
    byte[] plain = suite.decryptWithLabel(initPrivateKey, GROUP_SECRETS_LABEL, encryptedGroupInfo,
        entry.encryptedGroupSecrets());
    return TlsReader.decodeFully(plain, GroupSecrets::decode);
  }
}
