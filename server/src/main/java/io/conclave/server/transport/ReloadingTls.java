package io.conclave.server.transport;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context of a certificate and key kept in files, reloaded when they change (a renewal by
 * certbot, lego, acme.sh...). {@link #check()} — run periodically — compares the files' contents
 * with what was loaded and, when either differs and both now load as a pair, swaps the context:
 * new connections get the new certificate, open ones keep theirs. A half-written or mismatched pair
 * (the key replaced before the certificate) is logged and retried on the next check; the old
 * context stays in use meanwhile.
 */
public final class ReloadingTls implements Supplier<SslContext> {
  private static final Logger log = LoggerFactory.getLogger(ReloadingTls.class);
  private final Path certificate;
  private final Path privateKey;
  private final AtomicReference<SslContext> current = new AtomicReference<>();
  private byte[] loadedDigest;
  private byte[] failedDigest;

  /** Loads the pair now; a failure here is a startup error. */
  public ReloadingTls(Path certificate, Path privateKey) throws IOException {
    this.certificate = certificate;
    this.privateKey = privateKey;
    byte[] digest = digest();
    current.set(TlsContexts.fromFiles(certificate, privateKey));
    loadedDigest = digest;
  }

  @Override
  public SslContext get() {
    return current.get();
  }

  /** Reloads if the files changed since the last load; returns whether a new context is in use. */
  public synchronized boolean check() {
    byte[] digest;
    try {
      digest = digest();
    } catch (IOException e) {
      log.warn("TLS files unreadable, keeping the loaded certificate: {}", e.toString());
      return false;
    }
    if (Arrays.equals(digest, loadedDigest)) {
      return false;
    }
    try {
      SslContext next = TlsContexts.fromFiles(certificate, privateKey);
      current.set(next);
      loadedDigest = digest;
      failedDigest = null;
      log.info("TLS certificate reloaded from {}", certificate);
      return true;
    } catch (IOException | RuntimeException e) {
      if (!Arrays.equals(digest, failedDigest)) {
        log.warn("TLS files changed but do not load yet, keeping the loaded certificate: {}", e.toString());
        failedDigest = digest;
      }
      return false;
    }
  }

  private byte[] digest() throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Files.readAllBytes(certificate));
      sha.update((byte) 0);
      sha.update(Files.readAllBytes(privateKey));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
