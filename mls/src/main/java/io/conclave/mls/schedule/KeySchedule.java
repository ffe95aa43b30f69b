package io.conclave.mls.schedule;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;

/**
 * Entry points into the key schedule of RFC 9420 §8. None of these methods destroys its inputs:
 * the caller deletes the previous epoch's secrets and the commit secret once the new epoch is
 * established (§9.2).
 */
public final class KeySchedule {
  private KeySchedule() {}

  /**
   * The epoch after a Commit, as computed by its sender and by members processing it:
   * {@code joiner_secret} from the previous {@code init_secret} and the commit secret, then
   * everything else.
   *
   * @param pskSecret {@link PskSecret#derive} of the Commit's PSKs (all zeros for none)
   */
  public static EpochSecrets nextEpoch(CipherSuite suite, SecretBytes initSecret, SecretBytes commitSecret,
      SecretBytes pskSecret, GroupContext groupContext) {
    byte[] context = groupContext.toBytes();
    byte[] joiner = joinerSecret(suite, initSecret, commitSecret, context);
    return EpochSecrets.derive(suite, joiner, pskSecret, context);
  }

  /**
   * The epoch a new member enters from a Welcome, starting at the {@code joiner_secret} of its
   * GroupSecrets (§12.4.3.1).
   */
  public static EpochSecrets join(CipherSuite suite, SecretBytes joinerSecret, SecretBytes pskSecret,
      GroupContext groupContext) {
    return EpochSecrets.derive(suite, joinerSecret.copy(), pskSecret, groupContext.toBytes());
  }

  /**
   * {@code welcome_secret}, which a new member needs to decrypt the GroupInfo of a Welcome before it
   * knows the GroupContext (§12.4.3.1).
   */
  public static SecretBytes welcomeSecret(CipherSuite suite, SecretBytes joinerSecret, SecretBytes pskSecret) {
    SecretBytes member = SecretBytes.wrap(suite.extract(joinerSecret.unsafeView(), pskSecret.unsafeView()));
    try {
      return SecretBytes.wrap(suite.deriveSecret(member.unsafeView(), "welcome"));
    } finally {
      member.destroy();
    }
  }

  private static byte[] joinerSecret(CipherSuite suite, SecretBytes initSecret, SecretBytes commitSecret,
      byte[] groupContext) {
    SecretBytes extracted = SecretBytes.wrap(suite.extract(initSecret.unsafeView(), commitSecret.unsafeView()));
    try {
      return suite.expandWithLabel(extracted.unsafeView(), "joiner", groupContext, suite.hashLength());
    } finally {
      extracted.destroy();
    }
  }
}
