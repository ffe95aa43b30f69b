package io.conclave.mls.treekem;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;

/** The path-secret chain of RFC 9420 §7.4. */
final class PathSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private PathSecrets() {}

  /** A fresh {@code path_secret[0]} of {@code KDF.Nh} bytes. */
  static SecretBytes random(CipherSuite suite) {
    byte[] secret = new byte[suite.hashLength()];
    RANDOM.nextBytes(secret);
    return SecretBytes.wrap(secret);
  }

  /** {@code path_secret[n+1] = DeriveSecret(path_secret[n], "path")}. */
  static SecretBytes next(CipherSuite suite, SecretBytes pathSecret) {
    return SecretBytes.wrap(suite.deriveSecret(pathSecret.unsafeView(), "path"));
  }

  /** {@code DeriveKeyPair(DeriveSecret(path_secret, "node"))}; the node secret is wiped at once. */
  static HpkeKeyPair nodeKeyPair(CipherSuite suite, SecretBytes pathSecret) {
    byte[] nodeSecret = suite.deriveSecret(pathSecret.unsafeView(), "node");
    try {
      return suite.deriveHpkeKeyPair(nodeSecret);
    } finally {
      Arrays.fill(nodeSecret, (byte) 0);
    }
  }
}
