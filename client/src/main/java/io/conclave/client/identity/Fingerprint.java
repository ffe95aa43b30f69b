package io.conclave.client.identity;

/**
 * A signature key's fingerprint for people to compare: 30 digits in six groups of five from
 * {@code SHA-256("conclave fingerprint v1" || signature_public_key)}.
 */
public final class Fingerprint {
  public static final String LABEL = "conclave fingerprint v1";
  public static final int GROUPS = 6;

  private final String digits;

  private Fingerprint(String digits) {
    this.digits = digits;
  }

  public static Fingerprint of(byte[] signaturePublicKey) {
    return new Fingerprint(Digits.of(LABEL, signaturePublicKey, GROUPS));
  }

  /** Parses the form {@link #toString()} gives (as stored in a pin file). */
  public static Fingerprint parse(String digits) {
    if (!digits.matches("\\d{5}( \\d{5}){" + (GROUPS - 1) + "}")) {
      throw new IllegalArgumentException("not a fingerprint: " + digits);
    }
    return new Fingerprint(digits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint f && f.digits.equals(digits);
  }

  @Override
  public int hashCode() {
    return digits.hashCode();
  }

  @Override
  public String toString() {
    return digits;
  }
}
