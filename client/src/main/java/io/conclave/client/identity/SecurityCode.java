package io.conclave.client.identity;

/**
 * The meeting security code: 20 digits in four groups of five, read aloud and compared by the
 * participants. It is {@code SHA-256("conclave security code v1" || epoch_authenticator)}
 * rendered by five-byte groups modulo 100000, where the epoch authenticator is that of RFC 9420
 * §8.7: equal on two devices iff they are in the same epoch of the same group with the same
 * members, and new on every epoch (every join and leave).
 *
 * @param epoch the MLS epoch it belongs to
 * @param digits e.g. {@code "01234 56789 01234 56789"}
 */
public record SecurityCode(long epoch, String digits) {
  public static final String LABEL = "conclave security code v1";
  public static final int GROUPS = 4;

  /** The code of an epoch with {@code epochAuthenticator}. */
  public static SecurityCode of(long epoch, byte[] epochAuthenticator) {
    return new SecurityCode(epoch, Digits.of(LABEL, epochAuthenticator, GROUPS));
  }

  @Override
  public String toString() {
    return digits;
  }
}
