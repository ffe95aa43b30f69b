package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A renewed certificate (files replaced in place) is served on the next connection, without a restart. */
class TlsReloadTest {

  @Test
  void swappedCertificateFilesAreServedOnANewConnection(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    writePem(dir, "first.example", cert, key);
    try (TestServer server = TestServer.start(dir.resolve("data"),
        b -> b.tlsFiles(cert, key).tlsReloadInterval(Duration.ofMillis(200)))) {
      assertThat(servedSubject(server.port())).contains("CN=first.example");
      assertThat(server.server.reloadTls()).as("nothing changed yet").isFalse();

      // Renew as certbot does: new files written beside, then moved over the old ones.
      Path staging = Files.createDirectory(dir.resolve("staging"));
      writePem(staging, "second.example", staging.resolve("cert.pem"), staging.resolve("key.pem"));
      Files.move(staging.resolve("key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
      Files.move(staging.resolve("cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING);

      // The periodic check (every 200 ms here) picks it up.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String subject = servedSubject(server.port());
      while (!subject.contains("CN=second.example") && System.nanoTime() < deadline) {
        Thread.sleep(100);
        subject = servedSubject(server.port());
      }
      assertThat(subject).contains("CN=second.example");
    }
  }

  @Test
  void aHalfWrittenPairKeepsTheOldCertificate(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    writePem(dir, "first.example", cert, key);
    try (TestServer server = TestServer.start(dir.resolve("data"),
        b -> b.tlsFiles(cert, key).tlsReloadInterval(Duration.ZERO))) {
      Files.writeString(cert, "-----BEGIN CERTIFICATE-----\ntruncated");
      assertThat(server.server.reloadTls()).isFalse();
      assertThat(servedSubject(server.port())).contains("CN=first.example");
    }
  }

  /** The subject of the certificate the relay presents to a new TLS connection. */
  static String servedSubject(int port) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }
  }

  /** A self-signed EC certificate for {@code cn} (made by keytool), as PEM certificate and PKCS#8 key files. */
  static void writePem(Path workDir, String cn, Path certFile, Path keyFile) throws Exception {
    Path store = workDir.resolve(cn + ".p12");
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "k", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + cn, "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit")).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool").isTrue();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    X509Certificate certificate = (X509Certificate) ks.getCertificate("k");
    PrivateKey privateKey = (PrivateKey) ks.getKey("k", "changeit".toCharArray());
    Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(privateKey.getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
  }
}
