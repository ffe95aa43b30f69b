package io.conclave.protocol;

import java.util.regex.Pattern;

/**
 * Meeting ids, participant ids and tokens on the wire: 1 to 64 characters of the base64url
 * alphabet (RFC 4648 §5), so they are safe in URLs, JSON and logs.
 */
public final class Ids {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The {@code from} of messages the server itself originates (its external proposals). */
  public static final String SERVER = "server";

  private Ids() {}

  public static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** @throws IllegalArgumentException if {@code id} is not a valid id */
  public static String require(String id, String what) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(what + " must be 1-64 base64url characters");
    }
    return id;
  }
}
