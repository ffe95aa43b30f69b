package io.conclave.mls.group;

import static io.conclave.mls.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import io.conclave.mls.tree.RatchetTree;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The passive client scenarios of test-vectors.md: join from {@code welcome} with the given key
 * package private keys, the external PSKs and (if given) {@code ratchet_tree}; check the initial
 * epoch authenticator; then for each epoch process its proposals and its commit and check the
 * epoch authenticator.
 *
 * <p>The clock is fixed inside the lifetimes of the vectors' key packages (generated in 2023).
 */
class PassiveClientVectorTest {
  private static final int P521_SUITE = 5;
  private static final int P521_SCALAR_BYTES = 66;
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L));

  @Test
  void welcome() {
    run("passive-client-welcome.json");
  }

  @Test
  void handlingCommit() {
    run("passive-client-handling-commit.json");
  }

  @Test
  void random() {
    run("passive-client-random.json");
  }

  private static void run(String file) {
    Conformance.Tally tally = Conformance.start(file);
    int i = 0;
    for (JsonNode v : Vectors.mls(file)) {
      int suiteId = v.get("cipher_suite").asInt();
      if (!CipherSuites.isSupported(suiteId)) {
        tally.skipUnsupportedSuite();
        continue;
      }
      tally.check("entry " + i++ + " (suite " + suiteId + ")", () -> runEntry(CipherSuites.get(suiteId), v));
    }
    tally.assertNoFailures();
  }

  private static void runEntry(CipherSuite suite, JsonNode v) {
    KeyPackage keyPackage = ((MlsMessage.KeyPackageBody) message(v.get("key_package")).body()).keyPackage();
    byte[] signaturePriv = hex(v.get("signature_priv"));
    assertThat(suite.signaturePublicKey(SecretBytes.copyOf(signaturePriv)))
        .isEqualTo(keyPackage.leafNode().signatureKey());
    KeyPackageBundle bundle = KeyPackageBundle.of(suite, keyPackage,
        new HpkeKeyPair(hpkePrivate(suite, v.get("init_priv")), keyPackage.initKey()),
        new HpkeKeyPair(hpkePrivate(suite, v.get("encryption_priv")), keyPackage.leafNode().encryptionKey()),
        new SignatureKeyPair(SecretBytes.copyOf(signaturePriv), keyPackage.leafNode().signatureKey()));

    Map<ByteBuffer, SecretBytes> psks = new HashMap<>();
    for (JsonNode psk : v.get("external_psks")) {
      psks.put(ByteBuffer.wrap(hex(psk.get("psk_id"))), SecretBytes.copyOf(hex(psk.get("psk"))));
    }
    GroupConfig config = GroupConfig.builder()
        .clock(CLOCK)
        .pskStore(id -> Optional.ofNullable(psks.get(ByteBuffer.wrap(id))))
        // The vectors exercise RFC 9420's permissive behaviour: external senders' proposals and
        // external commits are processed.
        .proposalPolicy(ProposalPolicy.ACCEPT_ALL)
        .allowExternalCommits(true)
        .build();
    Optional<RatchetTree> tree = v.get("ratchet_tree").isNull()
        ? Optional.empty()
        : Optional.of(TlsReader.decodeFully(hex(v.get("ratchet_tree")), RatchetTree::decode));

    Group group = Group.joinFromWelcome(message(v.get("welcome")), bundle, tree, config);
    assertThat(group.epochAuthenticator()).isEqualTo(hex(v.get("initial_epoch_authenticator")));
    int epoch = 0;
    for (JsonNode e : v.get("epochs")) {
      for (JsonNode proposal : e.get("proposals")) {
        assertThat(group.process(message(proposal))).isInstanceOf(ProcessResult.ProposalStored.class);
      }
      assertThat(group.process(message(e.get("commit")))).as("epoch %d", epoch)
          .isInstanceOf(ProcessResult.CommitApplied.class);
      assertThat(group.epochAuthenticator()).as("epoch %d", epoch).isEqualTo(hex(e.get("epoch_authenticator")));
      epoch++;
    }
  }

  /**
   * Some P-521 private keys in the vectors drop leading zero bytes; RFC 9180 §7.1.2 serializes a
   * P-521 scalar as exactly 66 bytes, so they are left-padded back to that length.
   */
  private static SecretBytes hpkePrivate(CipherSuite suite, JsonNode hex) {
    byte[] key = hex(hex);
    int length = suite.id() == P521_SUITE ? P521_SCALAR_BYTES : key.length;
    byte[] padded = new byte[Math.max(length, key.length)];
    System.arraycopy(key, 0, padded, padded.length - key.length, key.length);
    return SecretBytes.wrap(padded);
  }

  private static MlsMessage message(JsonNode hex) {
    return TlsReader.decodeFully(hex(hex), MlsMessage::decode);
  }
}
