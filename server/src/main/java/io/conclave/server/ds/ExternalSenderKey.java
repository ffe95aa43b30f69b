package io.conclave.server.ds;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.ExternalProposals;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.server.store.MeetingStore;
import io.conclave.server.store.ServerKeyRecord;
import java.nio.charset.StandardCharsets;

/**
 * The server as MLS external sender (RFC 9420 §12.1.8.1): its persisted signature key and
 * credential, which a meeting's creator puts at index {@link #SENDER_INDEX} of the group's
 * {@code external_senders} extension (§12.1.8.1), and the Remove proposals it signs with them.
 * It holds no group key: its proposals are PublicMessages, signed but not encrypted or tagged.
 */
public final class ExternalSenderKey {
  /** MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519: the Ed25519 key signs for suite 1 groups. */
  public static final int CIPHER_SUITE = 1;
  /** The server's position in {@code external_senders}. */
  public static final int SENDER_INDEX = 0;

  private final CipherSuite suite;
  private final SignatureKeyPair keys;
  private final Credential credential;

  private ExternalSenderKey(CipherSuite suite, SignatureKeyPair keys, Credential credential) {
    this.suite = suite;
    this.keys = keys;
    this.credential = credential;
  }

  /** The stored key, or a new one generated and stored on first start. */
  public static ExternalSenderKey loadOrCreate(MeetingStore store, String identity) {
    CipherSuite suite = CipherSuites.get(CIPHER_SUITE);
    SignatureKeyPair fresh = suite.generateSignatureKeyPair();
    Credential credential = new Credential.Basic(identity.getBytes(StandardCharsets.UTF_8));
    ServerKeyRecord stored = store.saveServerKeyIfAbsent(new ServerKeyRecord(CIPHER_SUITE,
        fresh.privateKey().copy(), fresh.publicKey(), new TlsWriter().write(credential).toByteArray()));
    fresh.privateKey().destroy();
    if (stored.cipherSuite() != CIPHER_SUITE) {
      throw new IllegalStateException("stored server key is for cipher suite " + stored.cipherSuite());
    }
    return new ExternalSenderKey(suite,
        new SignatureKeyPair(SecretBytes.wrap(stored.privateKey()), stored.publicKey()),
        TlsReader.decodeFully(stored.credential(), Credential::decode));
  }

  public int cipherSuite() {
    return CIPHER_SUITE;
  }

  /** The Ed25519 public key (RFC 9420 §5.1.1 {@code SignaturePublicKey} content). */
  public byte[] signatureKey() {
    return keys.publicKey();
  }

  /** The TLS-encoded {@code Credential} (§5.3). */
  public byte[] credential() {
    return new TlsWriter().write(credential).toByteArray();
  }

  /** The TLS-encoded {@code ExternalSender} struct (§12.1.8.1) to put into {@code external_senders}. */
  public byte[] externalSender() {
    return new TlsWriter().write(new ExternalSender(keys.publicKey(), credential)).toByteArray();
  }

  /** An {@code MLSMessage} PublicMessage: this external sender proposes removing {@code leaf} in {@code epoch}. */
  public byte[] proposeRemove(byte[] groupId, long epoch, long leaf) {
    MlsMessage remove = ExternalProposals.remove(suite, groupId, epoch, SENDER_INDEX, keys.privateKey(),
        new LeafIndex(Math.toIntExact(leaf)));
    return new TlsWriter().write(remove).toByteArray();
  }

  /**
   * Any proposal signed with this key as external sender 0. The relay itself only ever proposes
   * Removes ({@link #proposeRemove}); the adversarial-relay tests use this to play a relay that
   * signs other proposals (an Add of its own KeyPackage, a GroupContextExtensions) with the key
   * every group trusts for Removes.
   */
  public byte[] propose(byte[] groupId, long epoch, io.conclave.mls.messages.Proposal proposal) {
    return new TlsWriter().write(ExternalProposals.propose(suite, groupId, epoch, SENDER_INDEX, keys.privateKey(),
        proposal)).toByteArray();
  }

  @Override
  public String toString() {
    return "ExternalSenderKey[suite " + CIPHER_SUITE + "]";
  }
}
