package io.conclave.server.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * TLS server contexts: from a PEM certificate chain and PKCS#8 key, or from a self-signed
 * certificate generated once (with the JDK's {@code keytool}, so no extra library) into the data
 * directory and reused on later starts.
 */
public final class TlsContexts {
  /** Protects the generated keystore file only against casual reading; it sits in the data directory. */
  private static final char[] STORE_PASSWORD = "conclave-self-signed".toCharArray();
  private static final String ALIAS = "conclave";

  private TlsContexts() {}

  public static SslContext fromFiles(Path certificate, Path privateKey) throws IOException {
    return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile()).build();
  }

  /** The self-signed certificate in {@code dataDir/tls/self-signed.p12}, generated if missing. */
  public static SslContext selfSigned(Path dataDir, String hostName) throws IOException, GeneralSecurityException {
    Path store = dataDir.resolve("tls").resolve("self-signed.p12");
    if (!Files.exists(store)) {
      Files.createDirectories(store.getParent());
      generate(store, hostName);
    }
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, STORE_PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, STORE_PASSWORD);
    return SslContextBuilder.forServer(kmf).build();
  }

  private static void generate(Path store, String hostName) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    String san = "SAN=dns:localhost,ip:127.0.0.1,ip:::1"
        + (hostName.matches("[A-Za-z0-9.-]+") && !hostName.matches("[0-9.]+") ? ",dns:" + hostName : "");
    Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
        "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
        "-dname", "CN=" + (hostName.matches("[A-Za-z0-9.:-]+") ? hostName : "localhost"), "-ext", san,
        "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD)))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool failed to make a self-signed certificate: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making a self-signed certificate", e);
    }
  }
}
