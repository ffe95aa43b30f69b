package io.conclave.sframe.suite;

/**
 * The SFrame cipher suites of RFC 9605 §4.5 (constants) and §8.1 (identifiers).
 *
 * <p>{@code nk} is the AEAD key size, {@code nka} the AES key size inside the AES-CTR + HMAC
 * construction (0 for GCM), {@code nn} the nonce size, {@code nt} the tag size, {@code nh} the hash
 * output size; all in bytes.
 */
public enum CipherSuite {
  AES_128_CTR_HMAC_SHA256_80(0x0001, 32, 16, 48, 12, 10, "HKDF-SHA256"),
  AES_128_CTR_HMAC_SHA256_64(0x0002, 32, 16, 48, 12, 8, "HKDF-SHA256"),
  AES_128_CTR_HMAC_SHA256_32(0x0003, 32, 16, 48, 12, 4, "HKDF-SHA256"),
  /** The Conclave default. */
  AES_128_GCM_SHA256_128(0x0004, 32, 0, 16, 12, 16, "HKDF-SHA256"),
  AES_256_GCM_SHA512_128(0x0005, 64, 0, 32, 12, 16, "HKDF-SHA512");

  private final int id;
  private final int nh;
  private final int nka;
  private final int nk;
  private final int nn;
  private final int nt;
  private final String hkdfAlgorithm;

  CipherSuite(int id, int nh, int nka, int nk, int nn, int nt, String hkdfAlgorithm) {
    this.id = id;
    this.nh = nh;
    this.nka = nka;
    this.nk = nk;
    this.nn = nn;
    this.nt = nt;
    this.hkdfAlgorithm = hkdfAlgorithm;
  }

  /**
   * The suite with this IANA identifier.
   *
   * @throws IllegalArgumentException if the identifier is not one of RFC 9605 §8.1
   */
  public static CipherSuite fromId(int id) {
    for (CipherSuite suite : values()) {
      if (suite.id == id) {
        return suite;
      }
    }
    throw new IllegalArgumentException("unknown SFrame cipher suite 0x" + Integer.toHexString(id));
  }

  public int id() {
    return id;
  }

  public int nh() {
    return nh;
  }

  public int nka() {
    return nka;
  }

  public int nk() {
    return nk;
  }

  public int nn() {
    return nn;
  }

  public int nt() {
    return nt;
  }

  /** True for the AES-CTR + HMAC construction of §4.5.1, false for AES-GCM. */
  public boolean isCtrHmac() {
    return nka != 0;
  }

  /** The {@code javax.crypto.KDF} algorithm name of this suite's HKDF. */
  String hkdfAlgorithm() {
    return hkdfAlgorithm;
  }
}
