package io.conclave.client.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Groups of decimal digits from a labelled SHA-256 hash: the readable form of codes and fingerprints. */
final class Digits {
  /** Five digits come from five hash bytes (40 bits), so the modulo bias is below 2^-23. */
  static final int GROUP_DIGITS = 5;
  private static final int GROUP_BYTES = 5;

  private Digits() {}

  /** {@code groups} groups of five digits from {@code SHA-256(label || input)}, space-separated. */
  static String of(String label, byte[] input, int groups) {
    if (groups < 1 || groups * GROUP_BYTES > 32) {
      throw new IllegalArgumentException("1 to 6 groups");
    }
    byte[] hash;
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(label.getBytes(StandardCharsets.US_ASCII));
      hash = sha.digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    StringBuilder out = new StringBuilder();
    for (int g = 0; g < groups; g++) {
      long v = 0;
      for (int i = 0; i < GROUP_BYTES; i++) {
        v = v << 8 | (hash[g * GROUP_BYTES + i] & 0xff);
      }
      if (g > 0) {
        out.append(' ');
      }
      out.append(String.format("%05d", v % 100_000));
    }
    return out.toString();
  }
}
