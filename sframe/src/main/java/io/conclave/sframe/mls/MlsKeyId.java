package io.conclave.sframe.mls;

/**
 * The KID layout of RFC 9605 §5.2, from the most to the least significant bit:
 *
 * <pre>
 *   64-S-E bits   S bits   E bits
 * +-------------+--------+-------+
 * | Context ID  | Index  | Epoch |       KID = (context &lt;&lt; (S + E)) + (sender_index &lt;&lt; E)
 * +-------------+--------+-------+                 + (epoch % (1 &lt;&lt; E))
 * </pre>
 *
 * E ({@code epochBits}) is fixed by the application; S ({@code senderIndexBits}) is the smallest
 * value with {@code group_size <= 1 << S}, so it can change from one epoch to the next: a receiver
 * first finds the epoch from the low E bits, then splits the rest with that epoch's S.
 */
public final class MlsKeyId {
  private MlsKeyId() {}

  /** S for a group of {@code groupSize} leaves: the smallest S with {@code groupSize <= 1 << S}. */
  public static int senderIndexBits(int groupSize) {
    if (groupSize < 1) {
      throw new IllegalArgumentException("group size must be at least 1, got " + groupSize);
    }
    return Integer.SIZE - Integer.numberOfLeadingZeros(groupSize - 1);
  }

  /**
   * The KID of {@code senderIndex} in {@code epoch} for {@code context}.
   *
   * @throws IllegalArgumentException if the index or the context does not fit its bits
   */
  public static long compose(long context, int senderIndex, long epoch, int senderIndexBits,
      int epochBits) {
    checkBits(senderIndexBits, epochBits);
    if (senderIndex < 0 || senderIndex >= 1L << senderIndexBits) {
      throw new IllegalArgumentException(
          "sender index " + senderIndex + " does not fit in " + senderIndexBits + " bits");
    }
    int contextBits = Long.SIZE - senderIndexBits - epochBits;
    if ((context >>> contextBits) != 0) {
      throw new IllegalArgumentException("context does not fit in " + contextBits + " bits");
    }
    return context << (senderIndexBits + epochBits)
        | (long) senderIndex << epochBits
        | epochLowBits(epoch, epochBits);
  }

  /** The low E bits of an epoch (or of a KID): {@code epoch % (1 << E)}. */
  public static long epochLowBits(long epochOrKid, int epochBits) {
    return epochOrKid & ((1L << epochBits) - 1);
  }

  /** The sender index field of a KID. */
  public static int senderIndex(long kid, int senderIndexBits, int epochBits) {
    checkBits(senderIndexBits, epochBits);
    return (int) ((kid >>> epochBits) & ((1L << senderIndexBits) - 1));
  }

  /** The context field of a KID (the bits above index and epoch). */
  public static long context(long kid, int senderIndexBits, int epochBits) {
    checkBits(senderIndexBits, epochBits);
    return kid >>> (senderIndexBits + epochBits);
  }

  private static void checkBits(int senderIndexBits, int epochBits) {
    if (senderIndexBits < 0 || senderIndexBits > 31 || epochBits < 0
        || epochBits > MlsSFrameConfig.MAX_EPOCH_BITS) {
      throw new IllegalArgumentException(
          "S=" + senderIndexBits + ", E=" + epochBits + " out of range");
    }
  }
}
