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
      try {
        Files.setPosixFilePermissions(store.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // Not POSIX.
      }
      generate(store, hostName);
    }
    // It holds the private key: owner only (also for a store made by an older version as 0644).
    ownerOnly(store);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, STORE_PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, STORE_PASSWORD);
    return SslContextBuilder.forServer(kmf).build();
  }

  /**
   * The names the self-signed certificate carries (RFC 5280 subjectAltName, keytool syntax): the
   * loopback names, the bind address (as a name or an IP), and for a wildcard bind this machine's
   * host name and its non-loopback addresses, so that browsers reaching it by any of them can
   * check it once accepted.
   */
  static String subjectAltNames(String hostName) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(List.of("dns:localhost", "ip:127.0.0.1", "ip:::1"));
    boolean ip = hostName.matches("[0-9.]+") || hostName.contains(":");
    boolean wildcard = hostName.equals("0.0.0.0") || hostName.equals("::") || hostName.equals("[::]");
    if (wildcard) {
      String local = io.conclave.server.ReachableUrl.localHostName();
      if (local.matches("[A-Za-z0-9.-]+")) {
        names.add("dns:" + local);
      }
      try {
        for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
          for (java.net.InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
            if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
              names.add("ip:" + a.getHostAddress().replaceAll("%.*$", ""));
            }
          }
        }
      } catch (java.net.SocketException e) {
        // No interface list: the host name and loopback names remain.
      }
    } else if (ip && hostName.matches("[0-9A-Fa-f.:]+")) {
      names.add("ip:" + hostName);
    } else if (hostName.matches("[A-Za-z0-9.-]+")) {
      names.add("dns:" + hostName);
    }
    return "SAN=" + String.join(",", names);
  }

  private static String commonName(String hostName) {
    boolean wildcard = hostName.equals("0.0.0.0") || hostName.equals("::") || hostName.equals("[::]");
    String name = wildcard ? io.conclave.server.ReachableUrl.localHostName() : hostName;
    return name.matches("[A-Za-z0-9.:-]+") ? name : "localhost";
  }

  /** Makes {@code file} readable and writable by its owner only (0600), where the file system has POSIX permissions. */
  static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): its ACLs apply.
    }
  }

  private static void generate(Path store, String hostName) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    String san = subjectAltNames(hostName);
    Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
        "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
        "-dname", "CN=" + commonName(hostName), "-ext", san,
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
