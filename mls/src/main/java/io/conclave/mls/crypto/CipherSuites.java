package io.conclave.mls.crypto;

import java.util.List;
import java.util.Optional;

/** The cipher suites this library implements, by IANA code point (RFC 9420 §17.1). */
public final class CipherSuites {
  private CipherSuites() {}

  private static final List<MlsCipherSuite> SUITES = List.of(
      new MlsCipherSuite(1, "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
          Hpke.Kem.X25519, HashFunction.SHA256, Aead.AES_128_GCM, EdDsaScheme.ED25519),
      new MlsCipherSuite(2, "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
          Hpke.Kem.P256, HashFunction.SHA256, Aead.AES_128_GCM, EcdsaScheme.P256),
      new MlsCipherSuite(3, "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519",
          Hpke.Kem.X25519, HashFunction.SHA256, Aead.CHACHA20_POLY1305, EdDsaScheme.ED25519),
      new MlsCipherSuite(4, "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448",
          Hpke.Kem.X448, HashFunction.SHA512, Aead.AES_256_GCM, EdDsaScheme.ED448),
      new MlsCipherSuite(5, "MLS_256_DHKEMP521_AES256GCM_SHA512_P521",
          Hpke.Kem.P521, HashFunction.SHA512, Aead.AES_256_GCM, EcdsaScheme.P521),
      new MlsCipherSuite(6, "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448",
          Hpke.Kem.X448, HashFunction.SHA512, Aead.CHACHA20_POLY1305, EdDsaScheme.ED448),
      new MlsCipherSuite(7, "MLS_256_DHKEMP384_AES256GCM_SHA384_P384",
          Hpke.Kem.P384, HashFunction.SHA384, Aead.AES_256_GCM, EcdsaScheme.P384));

  /** The suite for {@code id}, or empty if it is not implemented. */
  public static Optional<CipherSuite> find(int id) {
    return SUITES.stream().filter(s -> s.id() == id).findFirst().map(CipherSuite.class::cast);
  }

  /** The suite for {@code id}; throws {@link IllegalArgumentException} if it is not implemented. */
  public static CipherSuite get(int id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unsupported cipher suite " + id));
  }

  public static boolean isSupported(int id) {
    return find(id).isPresent();
  }

  /** Every implemented suite, in code point order. */
  public static List<CipherSuite> all() {
    return List.copyOf(SUITES);
  }
}
