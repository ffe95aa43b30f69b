package io.conclave.sframe.mls;

import io.conclave.sframe.ReplayedCounterException;
import java.util.Arrays;

/**
 * Receive-side anti-replay for one KID (RFC 9605 §9.3), a sliding window over counters in the
 * manner of RFC 3711 §3.3.2: counters above the highest seen are new; counters up to
 * {@code size - 1} below it are new unless already seen; older counters are refused.
 *
 * <p>{@link #check} runs before decryption, {@link #accept} only after the frame authenticated, so
 * forged frames never move the window.
 */
final class ReplayWindow {
  private final int size;
  /** Bit {@code i} set: counter {@code highest - i} was accepted. */
  private final long[] seen;
  private long highest;
  private boolean empty = true;

  ReplayWindow(int size) {
    this.size = size;
    this.seen = new long[size / Long.SIZE];
  }

  /** @throws ReplayedCounterException if {@code counter} was accepted or is too old */
  void check(long counter) {
    if (empty || Long.compareUnsigned(counter, highest) > 0) {
      return;
    }
    long age = highest - counter;
    if (Long.compareUnsigned(age, size) >= 0) {
      throw new ReplayedCounterException("counter " + Long.toUnsignedString(counter)
          + " is older than the replay window");
    }
    if (isSeen((int) age)) {
      throw new ReplayedCounterException(
          "counter " + Long.toUnsignedString(counter) + " was already received");
    }
  }

  /** Records {@code counter}, which passed {@link #check} and authenticated. */
  void accept(long counter) {
    if (empty) {
      empty = false;
      highest = counter;
    } else if (Long.compareUnsigned(counter, highest) > 0) {
      slide(counter - highest);
      highest = counter;
    }
    int age = (int) (highest - counter);
    seen[age / Long.SIZE] |= 1L << (age % Long.SIZE);
  }

  private boolean isSeen(int age) {
    return (seen[age / Long.SIZE] & 1L << (age % Long.SIZE)) != 0;
  }

  /** Ages every entry by {@code distance}: bit {@code i} moves to {@code i + distance}. */
  private void slide(long distance) {
    if (Long.compareUnsigned(distance, size) >= 0) {
      Arrays.fill(seen, 0);
      return;
    }
    int words = (int) distance / Long.SIZE;
    int bits = (int) distance % Long.SIZE;
    for (int w = seen.length - 1; w >= 0; w--) {
      int from = w - words;
      long value = from >= 0 ? seen[from] << bits : 0;
      if (bits != 0 && from - 1 >= 0) {
        value |= seen[from - 1] >>> (Long.SIZE - bits);
      }
      seen[w] = value;
    }
  }
}
