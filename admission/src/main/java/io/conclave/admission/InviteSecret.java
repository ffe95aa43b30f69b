package io.conclave.admission;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.security.auth.Destroyable;

/**
 * The random secret in an invite link's fragment ({@code https://HOST/m/ID#SECRET}). It never
 * reaches the server: only its {@link InviteProof} does. Not a record: never printed, compared in
 * constant time, wiped by {@link #destroy()}.
 */
public final class InviteSecret implements Destroyable {
  /** 256 bits: far beyond guessing, short enough for a link (43 base64url characters). */
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private boolean destroyed;

  private InviteSecret(byte[] bytes) {
    this.bytes = bytes;
  }

  public static InviteSecret generate(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    return new InviteSecret(b);
  }

  /**
   * Parses the link form (unpadded base64url, RFC 4648 §5).
   *
   * @throws IllegalArgumentException if it is not {@link #LENGTH} bytes of base64url
   */
  public static InviteSecret parse(String text) {
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invite secret is not base64url", e);
    }
    if (b.length != LENGTH || !encode(b).equals(text)) {
      Arrays.fill(b, (byte) 0);
      throw new IllegalArgumentException("invite secret must be " + LENGTH + " bytes of unpadded base64url");
    }
    return new InviteSecret(b);
  }

  /** The link form: unpadded base64url. */
  public String encoded() {
    return encode(check());
  }

  /** A copy of the secret bytes; the caller wipes it. */
  byte[] bytes() {
    return check().clone();
  }

  public boolean equalsConstantTime(InviteSecret other) {
    return !destroyed && !other.destroyed && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "InviteSecret[" + (destroyed ? "destroyed" : "hidden") + "]";
  }

  private byte[] check() {
    if (destroyed) {
      throw new IllegalStateException("invite secret was destroyed");
    }
    return bytes;
  }

  private static String encode(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
