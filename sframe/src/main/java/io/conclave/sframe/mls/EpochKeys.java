package io.conclave.sframe.mls;

import io.conclave.sframe.CounterExhaustedException;
import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.context.KeyContext;
import java.time.Instant;
import java.util.BitSet;

/**
 * One MLS epoch's SFrame state (RFC 9605 §5.2): its {@code base_key}, roster and S; per-KID key
 * contexts derived on demand; receive replay windows; send counters. Destroying it wipes every key
 * but keeps the object as a tombstone, so late frames are told the epoch expired.
 */
final class EpochKeys {
  private final long epoch;
  private final int senderIndexBits;
  private final MlsSFrameConfig config;
  private final int ownIndex;
  private final BitSet roster;
  private final int groupSize;
  private SFrameSecret baseKey;
  /** [sender index][context]: created on first use. */
  private KeyContext[][] receiveKeys;
  private ReplayWindow[][] windows;
  private final KeyContext[] sendKeys;
  private final long[] nextCounter;
  private final boolean[] exhausted;
  /** Null while this is the current epoch. */
  private Instant expiresAt;
  private boolean destroyed;

  EpochKeys(long epoch, SFrameSecret baseKey, int groupSize, BitSet roster, int ownIndex,
      MlsSFrameConfig config) {
    this.epoch = epoch;
    this.baseKey = SFrameSecret.copyOf(baseKey.unsafeView());
    this.groupSize = groupSize;
    this.senderIndexBits = MlsKeyId.senderIndexBits(groupSize);
    this.roster = roster;
    this.ownIndex = ownIndex;
    this.config = config;
    this.receiveKeys = new KeyContext[groupSize][];
    this.windows = new ReplayWindow[groupSize][];
    int contexts = config.contextsPerSender();
    this.sendKeys = new KeyContext[contexts];
    this.nextCounter = new long[contexts];
    this.exhausted = new boolean[contexts];
  }

  long epoch() {
    return epoch;
  }

  int senderIndexBits() {
    return senderIndexBits;
  }

  boolean isDestroyed() {
    return destroyed;
  }

  boolean isMember(int senderIndex) {
    return senderIndex < groupSize && roster.get(senderIndex);
  }

  /** Starts the grace period: the epoch decrypts until {@code deadline}, inclusive. */
  void retire(Instant deadline) {
    expiresAt = deadline;
  }

  /** True if retired and {@code now} is past the end of the grace period. */
  boolean isExpiredAt(Instant now) {
    return expiresAt != null && now.isAfter(expiresAt);
  }

  /**
   * The next send counter of {@code context}; counters never repeat within the epoch.
   *
   * @throws CounterExhaustedException past {@link MlsSFrameConfig#counterLimit()}
   */
  long takeCounter(int context) {
    if (exhausted[context]) {
      throw new CounterExhaustedException("epoch " + Long.toUnsignedString(epoch) + ", context "
          + context + ": every counter up to the limit was used");
    }
    long counter = nextCounter[context];
    if (counter == config.counterLimit()) {
      exhausted[context] = true;
    } else {
      nextCounter[context] = counter + 1;
    }
    return counter;
  }

  KeyContext sendKey(int context) {
    KeyContext key = sendKeys[context];
    if (key == null) {
      key = derive(ownIndex, context);
      sendKeys[context] = key;
    }
    return key;
  }

  KeyContext receiveKey(int sender, int context) {
    KeyContext[] keys = receiveKeys[sender];
    if (keys == null) {
      keys = new KeyContext[config.contextsPerSender()];
      receiveKeys[sender] = keys;
    }
    if (keys[context] == null) {
      keys[context] = derive(sender, context);
    }
    return keys[context];
  }

  ReplayWindow window(int sender, int context) {
    ReplayWindow[] perContext = windows[sender];
    if (perContext == null) {
      perContext = new ReplayWindow[config.contextsPerSender()];
      windows[sender] = perContext;
    }
    if (perContext[context] == null) {
      perContext[context] = new ReplayWindow(config.replayWindow());
    }
    return perContext[context];
  }

  private KeyContext derive(int sender, int context) {
    long kid = MlsKeyId.compose(context, sender, epoch, senderIndexBits, config.epochBits());
    return KeyContext.derive(config.suite(), kid, baseKey);
  }

  /** Wipes the base key and every derived key; the object stays as a tombstone. */
  void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    baseKey.destroy();
    baseKey = null;
    for (KeyContext key : sendKeys) {
      if (key != null) {
        key.destroy();
      }
    }
    for (KeyContext[] keys : receiveKeys) {
      if (keys != null) {
        for (KeyContext key : keys) {
          if (key != null) {
            key.destroy();
          }
        }
      }
    }
    receiveKeys = null;
    windows = null;
  }
}
