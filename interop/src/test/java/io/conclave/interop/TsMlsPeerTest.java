package io.conclave.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalPub;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.messages.GroupInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness itself, and ts-mls wire structures read by the Java codec (RFC 9420 §6, §10, §12.4.3). */
class TsMlsPeerTest {
  private static final CipherSuite SUITE = CipherSuites.get(1);
  private static TsMlsPeer tsMls;

  @BeforeAll
  static void startDriver() {
    tsMls = TsMlsPeer.start();
  }

  @AfterAll
  static void stopDriver() {
    tsMls.close();
  }

  @Test
  void tsMlsKeyPackageDecodesReencodesAndVerifies() {
    byte[] bytes = tsMls.keyPackage("kp-owner", utf8("kp-owner"));

    MlsMessage message = TlsReader.decodeFully(bytes, MlsMessage::decode);

    assertThat(message.toBytes()).isEqualTo(bytes);
    KeyPackage kp = ((MlsMessage.KeyPackageBody) message.body()).keyPackage();
    assertThat(kp.cipherSuite()).isEqualTo(1);
    assertThat(SUITE.verifyWithLabel(kp.leafNode().signatureKey(), "KeyPackageTBS", kp.toBeSigned(), kp.signature()))
        .isTrue();
  }

  @Test
  void tsMlsGroupInfoDecodesReencodesAndVerifies() {
    TsMlsPeer.Summary created = tsMls.createGroup("gi-owner", utf8("gi-group"), utf8("gi-owner"), List.of());
    byte[] bytes = tsMls.groupInfo("gi-owner", true);

    MlsMessage message = TlsReader.decodeFully(bytes, MlsMessage::decode);

    assertThat(message.toBytes()).isEqualTo(bytes);
    GroupInfo info = ((MlsMessage.GroupInfoBody) message.body()).groupInfo();
    assertThat(info.signer()).isEqualTo(created.ownLeaf());
    byte[] signerKey = created.roster().getFirst().signatureKey();
    assertThat(SUITE.verifyWithLabel(signerKey, "GroupInfoTBS", info.toBeSigned(), info.signature())).isTrue();
    // Length-prefixed per RFC 9420 §12.4.3.2 only with web/patches/ts-mls+1.6.4.patch (1.6.4 sends the bare key).
    Extension externalPub = info.extensions().stream().filter(e -> e.type() == ExternalPub.EXTENSION_TYPE)
        .findFirst().orElseThrow();
    assertThat(ExternalPub.fromExtension(externalPub).externalPub()).hasSize(32);
  }

  @Test
  void driverFailuresSurfaceWithTheirReason() {
    assertThatThrownBy(() -> tsMls.state("nobody"))
        .isInstanceOf(TsMlsPeer.TsMlsException.class)
        .hasMessageContaining("unknown client nobody");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
