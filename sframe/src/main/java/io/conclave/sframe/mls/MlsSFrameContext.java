package io.conclave.sframe.mls;

import io.conclave.sframe.EpochExpiredException;
import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.SenderNotInRosterException;
import io.conclave.sframe.UnknownKeyIdException;
import io.conclave.sframe.header.SFrameHeader;
import java.time.Instant;
import java.util.BitSet;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * SFrame keyed by MLS (RFC 9605 §5.2) for one group member: the MLS side hands in, per epoch, the
 * {@code base_key = MLS-Exporter("SFrame 1.0 Base Key", "", AEAD.Nk)} and the roster; this class
 * derives per-sender keys on demand, numbers outgoing frames, checks incoming ones against the
 * roster and a replay window, and retires old epochs.
 *
 * <ul>
 *   <li>KIDs: {@code context | sender index (S bits) | epoch (low E bits)} ({@link MlsKeyId}).
 *   <li>Sending uses the newest epoch and this member's leaf index; each (epoch, context) has a
 *       counter that starts at 0 and never repeats ({@link io.conclave.sframe.CounterExhaustedException}
 *       past the limit). A base key is used only for sending by its owner and only for receiving
 *       by the others (§4.4.1): frames carrying this member's own KID are refused.
 *   <li>Epochs: adding one makes it current; the previous current one keeps decrypting for the
 *       grace period, then its keys are wiped. By the rollover rule of §5.2 a new epoch removes at
 *       once any kept epoch with the same low E bits.
 * </ul>
 *
 * <p><b>Not thread-safe</b>: it reuses one JDK {@code Cipher} per key. Confine it to one thread or
 * lock around every call.
 */
public final class MlsSFrameContext implements Destroyable {
  private final MlsSFrameConfig config;
  private final int ownIndex;
  /** Indexed by the low E bits of the epoch. */
  private final EpochKeys[] epochs;
  private EpochKeys current;
  private boolean destroyed;
  private int lastSender = -1;
  private long lastEpoch;

  private MlsSFrameContext(MlsSFrameConfig config, int ownIndex) {
    this.config = config;
    this.ownIndex = ownIndex;
    this.epochs = new EpochKeys[1 << config.epochBits()];
  }

  /** A context for the member at leaf index {@code ownLeafIndex}, with no epoch yet. */
  public static MlsSFrameContext create(MlsSFrameConfig config, int ownLeafIndex) {
    Objects.requireNonNull(config, "config");
    if (ownLeafIndex < 0) {
      throw new IllegalArgumentException("leaf index must not be negative");
    }
    return new MlsSFrameContext(config, ownLeafIndex);
  }

  public MlsSFrameConfig config() {
    return config;
  }

  /**
   * Installs MLS epoch {@code epoch} and makes it current.
   *
   * @param baseKey the epoch's SFrame base key, {@code suite.nk()} bytes; copied, so the caller
   *     should destroy its own
   * @param groupSize the number of leaves of the epoch's ratchet tree; gives S
   * @param roster the leaf indices of the members, each below {@code groupSize}, including ours
   * @throws IllegalArgumentException if {@code epoch} is not newer than the current epoch, or an
   *     argument is out of range
   * @throws IllegalStateException after {@link #destroy()}
   */
  public void addEpoch(long epoch, SFrameSecret baseKey, int groupSize, int[] roster) {
    if (destroyed) {
      throw new IllegalStateException("the context was destroyed");
    }
    if (current != null && Long.compareUnsigned(epoch, current.epoch()) <= 0) {
      throw new IllegalArgumentException("epoch " + Long.toUnsignedString(epoch)
          + " is not newer than the current epoch " + Long.toUnsignedString(current.epoch()));
    }
    if (baseKey.length() != config.suite().nk()) {
      throw new IllegalArgumentException("base key must be Nk = " + config.suite().nk()
          + " bytes, got " + baseKey.length());
    }
    BitSet members = rosterOf(groupSize, roster);
    Instant now = config.clock().instant();
    purgeExpired(now);
    int slot = slotOf(epoch);
    if (epochs[slot] != null) {
      epochs[slot].destroy();
    }
    if (current != null && !current.isDestroyed()) {
      if (config.gracePeriod().isZero()) {
        current.destroy();
      } else {
        current.retire(now.plus(config.gracePeriod()));
      }
    }
    current = new EpochKeys(epoch, baseKey, groupSize, members, ownIndex, config);
    epochs[slot] = current;
  }

  /** The current epoch. @throws IllegalStateException if none was added */
  public long currentEpoch() {
    return requireCurrent().epoch();
  }

  /** Wipes the keys of every retired epoch whose grace period is over. */
  public void purgeExpired() {
    purgeExpired(config.clock().instant());
  }

  /** An output size always enough for a frame of {@code plaintextLength} bytes. */
  public int maxFrameLength(int plaintextLength) {
    return plaintextLength + SFrameHeader.MAX_LENGTH + config.suite().nt();
  }

  /** {@link #protect(int, byte[], int, int, byte[], int, int, byte[], int)} with context 0. */
  public int protect(byte[] metadata, int metadataOff, int metadataLen,
      byte[] plaintext, int ptOff, int ptLen, byte[] out, int outOff) {
    return protect(0, metadata, metadataOff, metadataLen, plaintext, ptOff, ptLen, out, outOff);
  }

  /**
   * Encrypts a frame in the current epoch with this member's next counter for {@code context},
   * writes the SFrame ciphertext at {@code out[outOff]} and returns its length (at most
   * {@link #maxFrameLength}).
   *
   * @throws io.conclave.sframe.CounterExhaustedException if the counters of this epoch are used up
   * @throws IllegalStateException if no epoch was added
   */
  public int protect(int context, byte[] metadata, int metadataOff, int metadataLen,
      byte[] plaintext, int ptOff, int ptLen, byte[] out, int outOff) {
    Objects.checkIndex(context, config.contextsPerSender());
    EpochKeys epoch = requireCurrent();
    long counter = epoch.takeCounter(context);
    return epoch.sendKey(context).encrypt(counter, metadata, metadataOff, metadataLen,
        plaintext, ptOff, ptLen, out, outOff);
  }

  /**
   * Decrypts the SFrame ciphertext {@code frame[off, off+len)} with {@code metadata}, writes the
   * plaintext at {@code out[outOff]} and returns its length. On success {@link #lastSenderIndex()}
   * and {@link #lastEpoch()} say who sent it; on failure nothing is written and no state changes.
   *
   * @throws io.conclave.sframe.MalformedFrameException malformed header or too short
   * @throws UnknownKeyIdException no such epoch (yet), an unused context, or our own KID
   * @throws EpochExpiredException the epoch's grace period is over or it was rolled over
   * @throws SenderNotInRosterException the KID's sender index is not a member of that epoch
   * @throws io.conclave.sframe.ReplayedCounterException counter already seen or too old
   * @throws io.conclave.sframe.AuthenticationFailedException the frame was changed
   */
  public int unprotect(byte[] metadata, int metadataOff, int metadataLen,
      byte[] frame, int off, int len, byte[] out, int outOff) {
    SFrameHeader.decodeLength(frame, off, len);
    long kid = SFrameHeader.keyId(frame, off);
    long counter = SFrameHeader.counter(frame, off);
    EpochKeys epoch = epochOf(kid);
    int bits = epoch.senderIndexBits();
    int sender = MlsKeyId.senderIndex(kid, bits, config.epochBits());
    long context = MlsKeyId.context(kid, bits, config.epochBits());
    if (Long.compareUnsigned(context, config.contextsPerSender()) >= 0) {
      throw new UnknownKeyIdException("KID " + Long.toUnsignedString(kid) + ": context "
          + Long.toUnsignedString(context) + " is not in use");
    }
    if (!epoch.isMember(sender)) {
      throw new SenderNotInRosterException("KID " + Long.toUnsignedString(kid) + ": sender "
          + sender + " is not a member of epoch " + Long.toUnsignedString(epoch.epoch()));
    }
    if (sender == ownIndex) {
      throw new UnknownKeyIdException(
          "KID " + Long.toUnsignedString(kid) + " is this member's own send key");
    }
    ReplayWindow window = epoch.window(sender, (int) context);
    window.check(counter);
    int n = epoch.receiveKey(sender, (int) context)
        .decrypt(metadata, metadataOff, metadataLen, frame, off, len, out, outOff);
    window.accept(counter);
    lastSender = sender;
    lastEpoch = epoch.epoch();
    return n;
  }

  /** The sender leaf index of the last frame {@link #unprotect} accepted; -1 before any. */
  public int lastSenderIndex() {
    return lastSender;
  }

  /** The epoch of the last frame {@link #unprotect} accepted. */
  public long lastEpoch() {
    return lastEpoch;
  }

  /**
   * Wipes every key of every epoch. Afterwards sending and adding epochs throw
   * {@link IllegalStateException} and every received frame fails.
   */
  @Override
  public void destroy() {
    destroyed = true;
    for (EpochKeys epoch : epochs) {
      if (epoch != null) {
        epoch.destroy();
      }
    }
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private EpochKeys epochOf(long kid) {
    EpochKeys epoch = epochs[slotOf(kid)];
    if (epoch == null) {
      throw new UnknownKeyIdException("KID " + Long.toUnsignedString(kid)
          + ": no epoch with low bits " + MlsKeyId.epochLowBits(kid, config.epochBits()));
    }
    if (epoch != current && !epoch.isDestroyed() && epoch.isExpiredAt(config.clock().instant())) {
      epoch.destroy();
    }
    if (epoch.isDestroyed()) {
      throw new EpochExpiredException("KID " + Long.toUnsignedString(kid) + ": epoch "
          + Long.toUnsignedString(epoch.epoch()) + " was retired: grace period over or rolled over");
    }
    return epoch;
  }

  private void purgeExpired(Instant now) {
    for (EpochKeys epoch : epochs) {
      if (epoch != null && epoch != current && epoch.isExpiredAt(now)) {
        epoch.destroy();
      }
    }
  }

  private int slotOf(long epochOrKid) {
    return (int) MlsKeyId.epochLowBits(epochOrKid, config.epochBits());
  }

  private EpochKeys requireCurrent() {
    if (current == null) {
      throw new IllegalStateException("no epoch was added");
    }
    if (destroyed) {
      throw new IllegalStateException("the context was destroyed");
    }
    return current;
  }

  private BitSet rosterOf(int groupSize, int[] roster) {
    if (groupSize < 1) {
      throw new IllegalArgumentException("group size must be at least 1, got " + groupSize);
    }
    BitSet members = new BitSet(groupSize);
    for (int index : roster) {
      if (index < 0 || index >= groupSize) {
        throw new IllegalArgumentException(
            "roster index " + index + " is outside a group of " + groupSize);
      }
      members.set(index);
    }
    if (!members.get(ownIndex)) {
      throw new IllegalArgumentException("own leaf index " + ownIndex + " is not in the roster");
    }
    return members;
  }
}
