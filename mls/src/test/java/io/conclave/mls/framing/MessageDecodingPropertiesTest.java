package io.conclave.mls.framing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.DecodeLimits;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.testing.Vectors;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Robustness of every decoder exercised by messages.json against damaged input: the vector
 * encodings truncated, extended, given huge length prefixes and randomly mutated. Decoding either
 * succeeds or throws {@link DecodeException}, within a time bound and without running out of
 * memory; a successful decode re-encodes to the very bytes it was given (the encoding is
 * canonical) and those decode to an equal value. Random tries use a fixed seed (plain JUnit; see
 * docs/CONFORMANCE.md on why not jqwik).
 */
class MessageDecodingPropertiesTest {
  private static final JsonNode ENTRIES = Vectors.mls("messages.json");
  private static final Duration TRY_TIMEOUT = Duration.ofSeconds(20);
  /** Small enough that most vector fields hit a limit, so the limit paths are exercised too. */
  private static final DecodeLimits SMALL = new DecodeLimits(48, 4);

  private static byte[] encoding(int entry, VectorStructs.Field<?> field) {
    return Vectors.hex(ENTRIES.get(entry).get(field.name()));
  }

  /** Fixed seed: a failure names its try, and the same run reproduces it. */
  private static final long SEED = 0x5eed_c0de_2026L;
  private static final byte[][] LARGE_VARINTS = {
      HexFormat.of().parseHex("bfffffff"), // 2^30 - 1, the largest length
      HexFormat.of().parseHex("80ffffff"),
      HexFormat.of().parseHex("80010000"), // 64 KiB, beyond SMALL but within DEFAULT
      HexFormat.of().parseHex("7fff"),
      HexFormat.of().parseHex("4100"),
      HexFormat.of().parseHex("3f")};

  /** Runs {@code tries} seeded tries, naming the failing one. */
  private static void tries(int tries, TryBody body) {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < tries; i++) {
      SplittableRandom tryRandom = random.split();
      int index = i;
      try {
        withinTimeout(() -> body.run(tryRandom));
      } catch (AssertionError e) {
        throw new AssertionError("try " + index + " (seed " + SEED + "): " + e.getMessage(), e);
      }
    }
  }

  @FunctionalInterface
  private interface TryBody {
    void run(SplittableRandom random);
  }

  @Test
  void everyTruncationIsRejected() {
    for (int entry = 0; entry < ENTRIES.size(); entry++) {
      int e = entry;
      withinTimeout(() -> {
        for (VectorStructs.Field<?> field : VectorStructs.FIELDS) {
          byte[] full = encoding(e, field);
          for (int cut = 0; cut < full.length; cut++) {
            requireRejected(field, Arrays.copyOf(full, cut), DecodeLimits.DEFAULT);
          }
        }
      });
    }
  }

  @Test
  void trailingGarbageIsRejected() {
    tries(100, random -> {
      int entry = random.nextInt(ENTRIES.size());
      byte[] garbage = new byte[1 + random.nextInt(32)];
      random.nextBytes(garbage);
      for (VectorStructs.Field<?> field : VectorStructs.FIELDS) {
        byte[] full = encoding(entry, field);
        byte[] extended = Arrays.copyOf(full, full.length + garbage.length);
        System.arraycopy(garbage, 0, extended, full.length, garbage.length);
        requireRejected(field, extended, DecodeLimits.DEFAULT);
      }
    });
  }

  @Test
  void oversizedLengthPrefixIsHandled() {
    tries(300, random -> {
      int entry = random.nextInt(ENTRIES.size());
      int position = random.nextInt(1001);
      byte[] prefix = LARGE_VARINTS[random.nextInt(LARGE_VARINTS.length)];
      boolean insert = random.nextBoolean();
      for (VectorStructs.Field<?> field : VectorStructs.FIELDS) {
        byte[] full = encoding(entry, field);
        byte[] damaged = insert ? inserted(full, position, prefix) : overwritten(full, position, prefix);
        decodeOrReject(field, damaged, DecodeLimits.DEFAULT);
        decodeOrReject(field, damaged, SMALL);
      }
    });
  }

  @Test
  void randomMutationsAreHandled() {
    tries(2000, random -> {
      int entry = random.nextInt(ENTRIES.size());
      int mutations = 1 + random.nextInt(6);
      for (VectorStructs.Field<?> field : VectorStructs.FIELDS) {
        byte[] damaged = encoding(entry, field);
        if (damaged.length == 0) {
          continue;
        }
        for (int i = 0; i < mutations; i++) {
          damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
        }
        decodeOrReject(field, damaged, DecodeLimits.DEFAULT);
      }
    });
  }

  @Test
  void smallLimitsRejectOrDecode() {
    for (int entry = 0; entry < ENTRIES.size(); entry++) {
      int e = entry;
      withinTimeout(() -> {
        for (VectorStructs.Field<?> field : VectorStructs.FIELDS) {
          decodeOrReject(field, encoding(e, field), SMALL);
        }
      });
    }
  }

  /** A tiny input claiming a 1 GiB vector everywhere: rejected before anything that size exists. */
  @Test
  void hugeClaimedLengthOnTinyInputIsRejectedWithoutAllocating() {
    byte[] claims = HexFormat.of().parseHex("bfffffff".repeat(8) + "0101");
    DecodeLimits unbounded = new DecodeLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);
    withinTimeout(() -> {
      for (VectorStructs.Field<?> field : VectorStructs.FIELDS) {
        for (int skip = 0; skip < 8; skip++) {
          requireRejected(field, Arrays.copyOfRange(claims, skip, claims.length), unbounded);
          requireRejected(field, Arrays.copyOfRange(claims, skip, claims.length), DecodeLimits.DEFAULT);
        }
      }
    });
  }

  private static byte[] overwritten(byte[] full, int position, byte[] prefix) {
    byte[] out = full.clone();
    int at = full.length == 0 ? 0 : position % full.length;
    System.arraycopy(prefix, 0, out, at, Math.min(prefix.length, out.length - at));
    return out;
  }

  private static byte[] inserted(byte[] full, int position, byte[] prefix) {
    int at = position % (full.length + 1);
    byte[] out = new byte[full.length + prefix.length];
    System.arraycopy(full, 0, out, 0, at);
    System.arraycopy(prefix, 0, out, at, prefix.length);
    System.arraycopy(full, at, out, at + prefix.length, full.length - at);
    return out;
  }

  private static void withinTimeout(Runnable work) {
    assertTimeoutPreemptively(TRY_TIMEOUT, work::run);
  }

  private static void requireRejected(VectorStructs.Field<?> field, byte[] input, DecodeLimits limits) {
    if (decodeOrReject(field, input, limits).isPresent()) {
      throw new AssertionError(field.name() + ": damaged input decoded: " + HexFormat.of().formatHex(input));
    }
  }

  /**
   * Decodes {@code input}; a {@link DecodeException} gives empty, any other throwable fails the
   * property. A decoded value must round-trip.
   */
  private static Optional<Object> decodeOrReject(VectorStructs.Field<?> field, byte[] input, DecodeLimits limits) {
    Object value;
    try {
      value = TlsReader.decodeFully(input, limits, field.decoder());
    } catch (DecodeException e) {
      return Optional.empty();
    } catch (Throwable t) {
      throw new AssertionError(field.name() + ": decoding threw " + t + " for "
          + HexFormat.of().formatHex(input), t);
    }
    byte[] reencoded = field.reencode(value);
    if (!Arrays.equals(reencoded, input)) {
      throw new AssertionError(field.name() + ": decoded value re-encodes differently");
    }
    Object again = TlsReader.decodeFully(reencoded, limits, field.decoder());
    if (value instanceof Record && !value.equals(again)) {
      throw new AssertionError(field.name() + ": re-decoded value differs: " + value + " vs " + again);
    }
    if (!Arrays.equals(field.reencode(again), reencoded)) {
      throw new AssertionError(field.name() + ": re-decoded value re-encodes differently");
    }
    return Optional.of(value);
  }
}
