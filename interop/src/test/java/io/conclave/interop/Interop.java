package io.conclave.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.tree.RatchetTree;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;

/** Shared pieces of the Java ↔ ts-mls scenarios: cipher suite 1, message conversion, the agreement check. */
final class Interop {
  static final CipherSuite SUITE = CipherSuites.get(1);
  /** The exporter label Conclave's media layer uses (RFC 9605 §5.2). */
  static final String SFRAME_LABEL = "SFrame 1.0 Base Key";

  private Interop() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static MlsMessage message(byte[] bytes) {
    return TlsReader.decodeFully(bytes, MlsMessage::decode);
  }

  static RatchetTree tree(byte[] bytes) {
    return TlsReader.decodeFully(bytes, RatchetTree::decode);
  }

  static KeyPackage keyPackage(byte[] mlsMessage) {
    return ((MlsMessage.KeyPackageBody) message(mlsMessage).body()).keyPackage();
  }

  static KeyPackageBundle bundle(String identity) {
    return KeyPackageBundle.create(SUITE, new Credential.Basic(utf8(identity)), SUITE.generateSignatureKeyPair(),
        InstantSource.system(), Duration.ofDays(1));
  }

  static byte[] keyPackageMessage(KeyPackageBundle bundle) {
    return new MlsMessage(new MlsMessage.KeyPackageBody(bundle.keyPackage())).toBytes();
  }

  /** Java members that store external proposals (the relay's, ts-mls's) as the RFC allows; Conclave's own clients are stricter. */
  static GroupConfig config() {
    return GroupConfig.builder().proposalPolicy(io.conclave.mls.group.ProposalPolicy.ACCEPT_ALL).build();
  }

  /**
   * Every Java group and every ts-mls client is in the same epoch and derives the same
   * MLS-Exporter("SFrame 1.0 Base Key", "", 16) (RFC 9420 §8.5) and epoch authenticator (§8.7).
   */
  static void assertAgree(TsMlsPeer tsMls, List<String> tsClients, List<Group> javaGroups) {
    Group reference = javaGroups.getFirst();
    String exporter = HexFormat.of().formatHex(reference.exportSecret(SFRAME_LABEL, new byte[0], 16));
    String authenticator = HexFormat.of().formatHex(reference.epochAuthenticator());
    for (Group g : javaGroups) {
      assertThat(g.epoch()).as("Java epoch").isEqualTo(reference.epoch());
      assertThat(HexFormat.of().formatHex(g.exportSecret(SFRAME_LABEL, new byte[0], 16))).as("Java exporter")
          .isEqualTo(exporter);
      assertThat(HexFormat.of().formatHex(g.epochAuthenticator())).as("Java epoch authenticator")
          .isEqualTo(authenticator);
    }
    List<String> roster = reference.roster().stream()
        .map(m -> m.leafIndex().value() + ":" + HexFormat.of().formatHex(m.signatureKey())).toList();
    for (String client : tsClients) {
      TsMlsPeer.Summary s = tsMls.state(client);
      assertThat(s.roster().stream().map(m -> m.leaf() + ":" + HexFormat.of().formatHex(m.signatureKey())).toList())
          .as("ts-mls roster of " + client).isEqualTo(roster);
      assertThat(s.epoch()).as("ts-mls epoch of " + client).isEqualTo(reference.epoch());
      assertThat(HexFormat.of().formatHex(tsMls.exportSecret(client, SFRAME_LABEL, new byte[0], 16)))
          .as("ts-mls exporter of " + client).isEqualTo(exporter);
      assertThat(HexFormat.of().formatHex(s.epochAuthenticator())).as("ts-mls epoch authenticator of " + client)
          .isEqualTo(authenticator);
    }
  }
}
