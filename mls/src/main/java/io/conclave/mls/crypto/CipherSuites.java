package io.conclave.mls.crypto;

import java.util.Optional;

/** The cipher suites this library implements, by IANA code point (RFC 9420 §17.1). */
public final class CipherSuites {
  private CipherSuites() {}

  /** The suite for {@code id}, or empty if it is not implemented. */
  public static Optional<CipherSuite> find(int id) {
    return Optional.empty(); // filled in by the crypto implementation
  }

  /** The suite for {@code id}; throws {@link IllegalArgumentException} if it is not implemented. */
  public static CipherSuite get(int id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unsupported cipher suite " + id));
  }

  public static boolean isSupported(int id) {
    return find(id).isPresent();
  }
}
