package io.conclave.server.ds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.CryptoException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.framing.WireFormat;
import io.conclave.protocol.control.CloseCode;
import io.conclave.server.store.Database;
import io.conclave.server.store.JdbcMeetingStore;
import io.conclave.server.store.MeetingStore;
import io.conclave.server.testing.TestMls;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSenderKeyTest {

  @Test
  void theKeyIsPersistedOnceAndSignsVerifiableRemoves(@TempDir Path dir) {
    try (Database db = Database.open(Database.h2Url(dir), null, null)) {
      MeetingStore store = new JdbcMeetingStore(db.dataSource());
      ExternalSenderKey first = ExternalSenderKey.loadOrCreate(store, "relay.example");
      ExternalSenderKey again = ExternalSenderKey.loadOrCreate(store, "relay.example");
      assertThat(again.signatureKey()).isEqualTo(first.signatureKey());
      assertThat(first.toString()).doesNotContain("relay");

      byte[] remove = first.proposeRemove("meeting".getBytes(), 5, 3);
      MlsEnvelope envelope = MlsEnvelope.parse(remove, "remove");
      assertThat(envelope.wireFormat()).isEqualTo(WireFormat.PUBLIC_MESSAGE);
      assertThat(envelope.epoch()).isEqualTo(5);
      PublicMessage pm = ((MlsMessage.Public) TlsReader.decodeFully(remove, MlsMessage::decode).body()).message();
      AuthenticatedContent signed = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, pm.content(), pm.auth());
      ContentAuthentication.verify(CipherSuites.get(1), first.signatureKey(), signed, null);
      byte[] otherKey = CipherSuites.get(1).generateSignatureKeyPair().publicKey();
      assertThatThrownBy(() -> ContentAuthentication.verify(CipherSuites.get(1), otherKey, signed, null))
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void envelopesRejectWhatIsNotOneMlsMessage() {
    byte[] commit = TestMls.commit("m", 1);
    byte[] trailing = new byte[commit.length + 1];
    System.arraycopy(commit, 0, trailing, 0, commit.length);
    for (byte[] bad : new byte[][] {new byte[0], new byte[] {0, 1, 0, 9}, trailing}) {
      assertThatThrownBy(() -> MlsEnvelope.parse(bad, "x"))
          .isInstanceOfSatisfying(Violation.class, v -> assertThat(v.code()).isEqualTo(CloseCode.MALFORMED));
    }
    assertThat(MlsEnvelope.parse(commit, "commit").requireGroup("m".getBytes(), "commit").epoch()).isEqualTo(1);
    assertThatThrownBy(() -> MlsEnvelope.parse(commit, "commit").requireGroup("n".getBytes(), "commit"))
        .isInstanceOf(Violation.class);
    assertThatThrownBy(() -> MlsEnvelope.parse(TestMls.welcome(), "w").requireWireFormat(WireFormat.KEY_PACKAGE, "w"))
        .isInstanceOf(Violation.class);
  }
}
