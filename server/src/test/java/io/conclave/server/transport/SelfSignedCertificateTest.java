package io.conclave.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.ReachableUrl;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated certificate names the host it serves, and its key file is owner-only. */
class SelfSignedCertificateTest {

  @Test
  void theCertificateNamesTheHostAndTheKeyFileIs0600(@TempDir Path dir) throws Exception {
    TlsContexts.selfSigned(dir, "relay.example.test");
    Path store = dir.resolve("tls").resolve("self-signed.p12");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "conclave-self-signed".toCharArray());
    }
    X509Certificate cert = (X509Certificate) ks.getCertificate("conclave");
    List<String> names = cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
    assertThat(names).contains("relay.example.test", "localhost", "127.0.0.1");
    assertThat(cert.getSubjectX500Principal().getName()).contains("relay.example.test");
  }

  @Test
  void anAddressIsNamedAsAnIpAndAWildcardByThisMachinesName() {
    assertThat(TlsContexts.subjectAltNames("192.168.1.7")).contains("ip:192.168.1.7");
    String wildcard = TlsContexts.subjectAltNames("0.0.0.0");
    assertThat(wildcard).doesNotContain("0.0.0.0").contains("dns:localhost");
    String local = ReachableUrl.describe("0.0.0.0", 1, false);
    assertThat(local).doesNotContain("0.0.0.0");
  }
}
