package io.conclave.mls.messages;

import static io.conclave.mls.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.KeySchedule;
import io.conclave.mls.schedule.PskSecret;
import io.conclave.mls.testing.Conformance;
import io.conclave.mls.testing.Vectors;
import org.junit.jupiter.api.Test;

/**
 * welcome.json (RFC 9420 §12.4.3.1): find the entry for the KeyPackage, decrypt the GroupSecrets
 * with {@code init_priv}, decrypt the GroupInfo, verify its signature with {@code signer_pub}, and
 * recompute its confirmation tag from a key schedule started at the joiner secret with no PSKs.
 */
class WelcomeVectorTest {

  @Test
  void allEntries() {
    Conformance.Tally tally = Conformance.start("welcome.json");
    int i = 0;
    for (JsonNode v : Vectors.mls("welcome.json")) {
      int suiteId = v.get("cipher_suite").asInt();
      if (!CipherSuites.isSupported(suiteId)) {
        tally.skipUnsupportedSuite();
        continue;
      }
      CipherSuite suite = CipherSuites.get(suiteId);
      tally.check("entry " + i++ + " (suite " + suiteId + ")", () -> {
        KeyPackage keyPackage = ((MlsMessage.KeyPackageBody) TlsReader.decodeFully(
            hex(v.get("key_package")), MlsMessage::decode).body()).keyPackage();
        Welcome welcome = ((MlsMessage.WelcomeBody) TlsReader.decodeFully(
            hex(v.get("welcome")), MlsMessage::decode).body()).welcome();

        EncryptedGroupSecrets entry = WelcomeProtection.find(welcome,
            WelcomeProtection.keyPackageRef(suite, keyPackage)).orElseThrow();
        GroupSecrets secrets = WelcomeProtection.decryptGroupSecrets(suite,
            SecretBytes.copyOf(hex(v.get("init_priv"))), entry, welcome.encryptedGroupInfo());
        assertThat(secrets.psks()).isEmpty();

        SecretBytes noPsk = PskSecret.none(suite);
        GroupInfo groupInfo = WelcomeProtection.decryptGroupInfo(suite,
            KeySchedule.welcomeSecret(suite, secrets.joinerSecret(), noPsk), welcome.encryptedGroupInfo());
        GroupInfoSignature.verify(suite, hex(v.get("signer_pub")), groupInfo);

        EpochSecrets epoch = KeySchedule.join(suite, secrets.joinerSecret(), noPsk, groupInfo.groupContext());
        byte[] tag = suite.mac(epoch.confirmationKey().unsafeView(),
            groupInfo.groupContext().confirmedTranscriptHash());
        assertThat(tag).isEqualTo(groupInfo.confirmationTag());
      });
    }
    tally.assertNoFailures();
  }
}
