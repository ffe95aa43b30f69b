package io.conclave.server.transport;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Who may create a meeting (docs/PROTOCOL.md, {@code POST /api/meetings}): the bearer of the
 * operator's creation token, when one is configured, and no address faster than the creation rate
 * (a token bucket per address; the least recently used of {@link #MAX_ADDRESSES} are forgotten).
 * Shared by every connection; thread-safe.
 */
public final class CreationGuard {
  /** Addresses remembered at once; a forgotten address starts with a full bucket. */
  static final int MAX_ADDRESSES = 10_000;

  /** The outcome of {@link #check}. */
  public sealed interface Verdict {
    record Allowed() implements Verdict {}

    /** A creation token is configured and the request carries none. */
    record TokenRequired() implements Verdict {}

    /** The request carries another token than the configured one. */
    record BadToken() implements Verdict {}

    /** The address created too many meetings lately; it may try again after {@code retryAfterSeconds}. */
    record RateLimited(long retryAfterSeconds) implements Verdict {}
  }

  private final byte[] tokenHash;
  private final RateLimit rate;
  private final LongSupplier nanos;
  private final Map<InetAddress, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
      return size() > MAX_ADDRESSES;
    }
  };

  /**
   * @param token the creation token, or null if anyone may create meetings
   * @param rate meetings per address: sustained per second, and burst
   */
  public CreationGuard(String token, RateLimit rate, LongSupplier nanos) {
    this.tokenHash = token == null ? null : sha256(token);
    this.rate = rate;
    this.nanos = nanos;
  }

  /**
   * @param address the client's address
   * @param bearer the request's bearer token, or null
   */
  public synchronized Verdict check(InetAddress address, String bearer) {
    if (tokenHash != null) {
      if (bearer == null) {
        return new Verdict.TokenRequired();
      }
      // Compared as hashes, in constant time: the lengths never leak either.
      if (!MessageDigest.isEqual(tokenHash, sha256(bearer))) {
        return new Verdict.BadToken();
      }
    }
    long now = nanos.getAsLong();
    TokenBucket bucket = buckets.computeIfAbsent(address, a -> new TokenBucket(rate, now));
    if (!bucket.tryTake(now)) {
      return new Verdict.RateLimited(Math.max(1, (long) Math.ceil(1 / rate.perSecond())));
    }
    return new Verdict.Allowed();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
