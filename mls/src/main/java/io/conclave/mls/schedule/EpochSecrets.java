package io.conclave.mls.schedule;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.secrettree.SenderRatchetConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.security.auth.Destroyable;

/**
 * The secrets of one epoch (RFC 9420 §8, table "Epoch-Derived Secrets"), the joiner and welcome
 * secrets that led to it, and the {@code init_secret} for the next epoch.
 *
 * <p>The {@code epoch_secret} itself is consumed by deriving these and is never held. The accessors
 * return the held {@link SecretBytes}, owned by this object: callers read them and must not destroy
 * them; {@link #destroy()} wipes all of them when the epoch ends. Not a record, so nothing prints.
 */
public final class EpochSecrets implements Destroyable {
  private final CipherSuite suite;
  private final SecretBytes joinerSecret;
  private final SecretBytes welcomeSecret;
  private final SecretBytes senderDataSecret;
  private final SecretBytes encryptionSecret;
  private final SecretBytes exporterSecret;
  private final SecretBytes externalSecret;
  private final SecretBytes confirmationKey;
  private final SecretBytes membershipKey;
  private final SecretBytes resumptionPsk;
  private final SecretBytes epochAuthenticator;
  private final SecretBytes initSecret;

  private EpochSecrets(CipherSuite suite, SecretBytes joinerSecret, SecretBytes welcomeSecret, byte[] epochSecret) {
    this.suite = suite;
    this.joinerSecret = joinerSecret;
    this.welcomeSecret = welcomeSecret;
    this.senderDataSecret = derive(epochSecret, "sender data");
    this.encryptionSecret = derive(epochSecret, "encryption");
    this.exporterSecret = derive(epochSecret, "exporter");
    this.externalSecret = derive(epochSecret, "external");
    this.confirmationKey = derive(epochSecret, "confirm");
    this.membershipKey = derive(epochSecret, "membership");
    this.resumptionPsk = derive(epochSecret, "resumption");
    this.epochAuthenticator = derive(epochSecret, "authentication");
    this.initSecret = derive(epochSecret, "init");
  }

  /** Runs the schedule below {@code joiner_secret}, taking ownership of {@code joiner}. */
  static EpochSecrets derive(CipherSuite suite, byte[] joiner, SecretBytes pskSecret, byte[] groupContext) {
    SecretBytes member = SecretBytes.wrap(suite.extract(joiner, pskSecret.unsafeView()));
    SecretBytes epoch = null;
    try {
      SecretBytes welcome = SecretBytes.wrap(suite.deriveSecret(member.unsafeView(), "welcome"));
      epoch = SecretBytes.wrap(
          suite.expandWithLabel(member.unsafeView(), "epoch", groupContext, suite.hashLength()));
      return new EpochSecrets(suite, SecretBytes.wrap(joiner), welcome, epoch.unsafeView());
    } finally {
      member.destroy();
      if (epoch != null) {
        epoch.destroy();
      }
    }
  }

  private EpochSecrets(CipherSuite suite, List<SecretBytes> all) {
    this.suite = suite;
    this.joinerSecret = all.get(0);
    this.welcomeSecret = all.get(1);
    this.senderDataSecret = all.get(2);
    this.encryptionSecret = all.get(3);
    this.exporterSecret = all.get(4);
    this.externalSecret = all.get(5);
    this.confirmationKey = all.get(6);
    this.membershipKey = all.get(7);
    this.resumptionPsk = all.get(8);
    this.epochAuthenticator = all.get(9);
    this.initSecret = all.get(10);
  }

  /**
   * Writes every secret still held, for saving a group; the encoding is secret material. A
   * destroyed secret (the {@code encryption_secret} once the secret tree started) is written empty.
   * {@code joiner_secret} and {@code welcome_secret} are always written empty: they are needed only
   * while the epoch is entered or its Welcome built (§9.2), and a saved state must not let anyone
   * rebuild the epoch's keys from them.
   */
  public void encodeState(TlsWriter writer) {
    writer.writeList(all(), (w, s) -> w.writeOpaque(
        s.isDestroyed() || s == joinerSecret || s == welcomeSecret ? new byte[0] : s.unsafeView()));
  }

  /**
   * Destroys {@code joiner_secret} and {@code welcome_secret} (§9.2: delete secrets once used): the
   * committer calls it once the Welcome is encrypted, every other member as soon as it entered the
   * epoch. Idempotent.
   */
  public void destroyWelcomeSecrets() {
    joinerSecret.destroy();
    welcomeSecret.destroy();
  }

  /** Restores secrets written by {@link #encodeState}; an empty entry comes back destroyed. */
  public static EpochSecrets decodeState(CipherSuite suite, TlsReader reader) {
    List<SecretBytes> all = reader.readList(r -> {
      byte[] value = r.readOpaque();
      if (value.length != 0 && value.length != suite.hashLength()) {
        throw new DecodeException("epoch secret of " + value.length + " bytes");
      }
      SecretBytes secret = SecretBytes.wrap(value);
      if (value.length == 0) {
        secret.destroy();
      }
      return secret;
    });
    if (all.size() != 11) {
      throw new DecodeException(all.size() + " epoch secrets, expected 11");
    }
    return new EpochSecrets(suite, all);
  }

  private SecretBytes derive(byte[] epochSecret, String label) {
    return SecretBytes.wrap(suite.deriveSecret(epochSecret, label));
  }

  public CipherSuite suite() {
    return suite;
  }

  public SecretBytes joinerSecret() {
    return joinerSecret;
  }

  /** Encrypts the GroupInfo of this epoch's Welcome (§12.4.3.1). */
  public SecretBytes welcomeSecret() {
    return welcomeSecret;
  }

  /** Protects the SenderData of PrivateMessages (§6.3.2). */
  public SecretBytes senderDataSecret() {
    return senderDataSecret;
  }

  /** The root of the secret tree (§9); see {@link #createSecretTree}. */
  public SecretBytes encryptionSecret() {
    return encryptionSecret;
  }

  public SecretBytes exporterSecret() {
    return exporterSecret;
  }

  public SecretBytes externalSecret() {
    return externalSecret;
  }

  /** The key of the Commit's confirmation tag (§6.1). */
  public SecretBytes confirmationKey() {
    return confirmationKey;
  }

  /** The key of PublicMessage membership tags (§6.2). */
  public SecretBytes membershipKey() {
    return membershipKey;
  }

  public SecretBytes resumptionPsk() {
    return resumptionPsk;
  }

  /** A value members can compare to detect impersonation (§8.7). */
  public SecretBytes epochAuthenticator() {
    return epochAuthenticator;
  }

  /** {@code init_secret} of this epoch, input to the next one. */
  public SecretBytes initSecret() {
    return initSecret;
  }

  /**
   * {@code MLS-Exporter(label, context, length)} (§8.5):
   * {@code ExpandWithLabel(DeriveSecret(exporter_secret, label), "exported", Hash(context), length)}.
   *
   * @param label an ASCII label, ideally registered with IANA (§17.8)
   */
  public SecretBytes export(String label, byte[] context, int length) {
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(label)) {
      throw new IllegalArgumentException("exporter labels are ASCII");
    }
    if (length < 0 || length > 0xffff) {
      throw new IllegalArgumentException("exporter length must be a uint16: " + length);
    }
    SecretBytes labelSecret = SecretBytes.wrap(suite.deriveSecret(exporterSecret.unsafeView(), label));
    try {
      return SecretBytes.wrap(suite.expandWithLabel(labelSecret.unsafeView(), "exported", suite.hash(context), length));
    } finally {
      labelSecret.destroy();
    }
  }

  /**
   * {@code external_priv, external_pub = KEM.DeriveKeyPair(external_secret)} (§8): the key pair
   * whose public half a GroupInfo publishes for external joins (§8.3).
   */
  public HpkeKeyPair externalKeyPair() {
    return suite.deriveHpkeKeyPair(externalSecret.unsafeView());
  }

  /**
   * Starts this epoch's secret tree and destroys the held {@code encryption_secret}, which the tree
   * consumes (§9.2); {@link #encryptionSecret()} is unusable afterwards.
   */
  public SecretTree createSecretTree(int leafCount, SenderRatchetConfig config) {
    SecretTree tree = new SecretTree(suite, encryptionSecret, leafCount, config);
    encryptionSecret.destroy();
    return tree;
  }

  /** Wipes every secret of the epoch. */
  @Override
  public void destroy() {
    all().forEach(SecretBytes::destroy);
  }

  @Override
  public boolean isDestroyed() {
    return all().stream().allMatch(SecretBytes::isDestroyed);
  }

  private List<SecretBytes> all() {
    return List.of(joinerSecret, welcomeSecret, senderDataSecret, encryptionSecret, exporterSecret, externalSecret,
        confirmationKey, membershipKey, resumptionPsk, epochAuthenticator, initSecret);
  }

  @Override
  public String toString() {
    return "EpochSecrets[suite " + suite.id() + (isDestroyed() ? ", destroyed" : "") + "]";
  }
}
