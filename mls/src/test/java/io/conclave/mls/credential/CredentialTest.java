package io.conclave.mls.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Credential} encodings (RFC 9420 §5.3). */
class CredentialTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void basicCredentialIsTypeThenIdentity() {
    Credential c = new Credential.Basic(hex("626f62"));
    assertThat(c.toBytes()).isEqualTo(hex("0001" + "03626f62"));
    assertThat(TlsReader.decodeFully(c.toBytes(), Credential::decode)).isEqualTo(c);
  }

  @Test
  void x509CredentialIsTypeThenCertificateChain() {
    Credential c = new Credential.X509(List.of(new Certificate(hex("3082")), new Certificate(hex("30"))));
    assertThat(c.toBytes()).isEqualTo(hex("0002" + "05" + "023082" + "0130"));
    assertThat(TlsReader.decodeFully(c.toBytes(), Credential::decode)).isEqualTo(c);
  }

  @Test
  void unknownCredentialTypesAreRejected() {
    for (String type : List.of("0000", "0003", "0a0a", "ffff")) {
      assertThatThrownBy(() -> TlsReader.decodeFully(hex(type + "00"), Credential::decode))
          .isInstanceOf(DecodeException.class)
          .hasMessageContaining("unknown credential type");
    }
  }
}
