package io.conclave.mls.crypto;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Runs many independent public-key encryptions on all cores. A commit in a large group encrypts
 * its path secrets to one key per node of each copath child's resolution (RFC 9420 §7.6), up to
 * one per member when the tree's parents are blank, and a Welcome encrypts the group secrets to
 * each new member (§12.4.3.1); each HPKE seal is independent of the others, so a commit's latency
 * divides by the number of cores. Results keep their order, so the wire bytes are those a
 * sequential loop would produce (up to the fresh randomness each seal draws anyway).
 *
 * <p>Small batches stay on the calling thread: a handful of seals cost less than handing them
 * out. The HPKE implementation keeps its per-operation state per thread, and
 * {@link java.security.SecureRandom} is thread-safe, so the work items share nothing mutable.
 */
public final class ParallelEncryption {
  /** Below this many items the calling thread does all the work. */
  static final int SEQUENTIAL_BELOW = 8;

  private ParallelEncryption() {}

  /** {@code [encrypt(0), ..., encrypt(count - 1)]}, computed in parallel when worth it. */
  public static <T> List<T> map(int count, IntFunction<T> encrypt) {
    if (count < 0) {
      throw new IllegalArgumentException("negative count");
    }
    Object[] out = new Object[count];
    IntStream indices = IntStream.range(0, count);
    if (count >= SEQUENTIAL_BELOW && Runtime.getRuntime().availableProcessors() > 1) {
      indices = indices.parallel();
    }
    indices.forEach(i -> out[i] = encrypt.apply(i));
    @SuppressWarnings("unchecked")
    List<T> result = (List<T>) Arrays.asList(out);
    return List.copyOf(result);
  }
}
