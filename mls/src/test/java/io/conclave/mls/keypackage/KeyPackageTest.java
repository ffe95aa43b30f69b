package io.conclave.mls.keypackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.tree.Capabilities;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.Lifetime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link KeyPackage} encoding and its to-be-signed bytes (RFC 9420 §10). */
class KeyPackageTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static final KeyPackage KEY_PACKAGE = new KeyPackage(ProtocolVersion.MLS10, 1, hex("1111"),
      new LeafNode(hex("e1"), hex("51"), new Credential.Basic(hex("61")),
          new Capabilities(List.of(1), List.of(1), List.of(), List.of(), List.of(1)),
          new LeafNodeSource.FromKeyPackage(new Lifetime(0, -1)), List.of(), hex("77")),
      List.of(new Extension(0x0a0a, hex(""))), hex("5555"));

  @Test
  void toBeSignedIsTheEncodingWithoutTheSignature() {
    byte[] encoded = KEY_PACKAGE.toBytes();
    assertThat(KEY_PACKAGE.toBeSigned()).isEqualTo(Arrays.copyOf(encoded, encoded.length - 3));
    assertThat(HexFormat.of().formatHex(encoded)).startsWith("0001" + "0001" + "021111");
    assertThat(TlsReader.decodeFully(encoded, KeyPackage::decode)).isEqualTo(KEY_PACKAGE);
  }

  @Test
  void unknownProtocolVersionIsRejected() {
    byte[] encoded = KEY_PACKAGE.toBytes();
    encoded[1] = 2;
    assertThatThrownBy(() -> TlsReader.decodeFully(encoded, KeyPackage::decode))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("protocol version");
  }
}
