package io.conclave.client.media;

import io.conclave.mls.group.Group;
import io.conclave.sframe.SFrameException;
import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.UnknownKeyIdException;
import io.conclave.sframe.header.SFrameHeader;
import io.conclave.sframe.media.MediaFrame;
import io.conclave.sframe.media.MediaFrameCodec;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.mls.MlsKeyId;
import io.conclave.sframe.mls.MlsSFrameConfig;
import io.conclave.sframe.mls.MlsSFrameContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One member's SFrame state, fed from its MLS group (RFC 9605 §5.2). Thread-safe: every method
 * locks, because the underlying context is not.
 *
 * <p>A frame whose KID names an epoch this member does not have yet (the sender processed a commit
 * first) is held back, up to {@link #HELD_FRAMES} frames for {@link #HOLD_TIME}, and decrypted as
 * soon as {@link #install} reaches that epoch. Frames of the previous epoch decrypt for the
 * SFrame grace period.
 */
public final class MediaKeys {
  public static final String EXPORTER_LABEL = "SFrame 1.0 Base Key";
  static final int HELD_FRAMES = 512;
  static final Duration HOLD_TIME = Duration.ofSeconds(5);
  static final int HOLD_EPOCHS = 2;

  private final MlsSFrameContext sframe;
  private final MediaFrameCodec codec;
  private final InstantSource clock;
  private final Deque<Held> held = new ArrayDeque<>();
  private final MediaStats stats = new MediaStats();

  private record Held(byte[] frame, Instant at) {}

  public MediaKeys(MlsSFrameConfig config, int ownLeafIndex) {
    this.sframe = MlsSFrameContext.create(config, ownLeafIndex);
    this.codec = new MediaFrameCodec(sframe);
    this.clock = config.clock();
  }

  /**
   * Installs the group's current epoch and returns the frames held for it, now decrypted.
   *
   * @return the exported base key's copy is wiped; nothing secret is returned
   */
  public synchronized List<MediaFrame> install(Group group) {
    int nk = sframe.config().suite().nk();
    byte[] base = group.exportSecret(EXPORTER_LABEL, new byte[0], nk);
    int[] roster = group.roster().stream().mapToInt(m -> m.leafIndex().value()).toArray();
    int leaves = (group.ratchetTree().nodes().size() + 1) / 2;
    sframe.addEpoch(group.epoch(), SFrameSecret.wrap(base), leaves, roster);
    List<MediaFrame> released = new ArrayList<>();
    Instant now = clock.instant();
    int n = held.size();
    for (int i = 0; i < n; i++) {
      Held h = held.poll();
      if (Duration.between(h.at(), now).compareTo(HOLD_TIME) > 0) {
        stats.lost++;
        continue;
      }
      try {
        released.add(codec.unprotect(h.frame()));
        stats.releasedAfterHold++;
      } catch (UnknownKeyIdException e) {
        held.add(h);
      } catch (SFrameException e) {
        stats.lost++;
      }
    }
    return released;
  }

  public synchronized long currentEpoch() {
    return sframe.currentEpoch();
  }

  /** Encrypts a frame with this member's key of the current epoch. */
  public synchronized byte[] protect(MediaFrameHeader header, byte[] payload) {
    return codec.protect(header, payload);
  }

  /**
   * Decrypts {@code frame}; empty if it is held back for a later epoch or cannot be decrypted.
   */
  public synchronized Optional<MediaFrame> unprotect(byte[] frame) {
    try {
      MediaFrame out = codec.unprotect(frame);
      stats.decrypted++;
      return Optional.of(out);
    } catch (UnknownKeyIdException e) {
      if (!isNearFuture(frame)) {
        stats.rejected++;
        return Optional.empty();
      }
      if (held.size() >= HELD_FRAMES) {
        held.poll();
        stats.lost++;
      }
      held.add(new Held(Arrays.copyOf(frame, frame.length), clock.instant()));
      stats.held++;
      return Optional.empty();
    } catch (SFrameException e) {
      stats.rejected++;
      return Optional.empty();
    }
  }

  /** Decrypts {@code frame} without holding it back or counting it: for audits of captured frames. */
  public synchronized Optional<MediaFrame> tryUnprotect(byte[] frame) {
    try {
      return Optional.of(codec.unprotect(frame));
    } catch (SFrameException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the frame's KID names one of the next {@link #HOLD_EPOCHS} epochs: only those can
   * still arrive, anything else (e.g. from before this member joined) never will.
   */
  private boolean isNearFuture(byte[] frame) {
    int bits = sframe.config().epochBits();
    long kid;
    try {
      SFrameHeader.decodeLength(frame, MediaFrameHeader.LENGTH, frame.length - MediaFrameHeader.LENGTH);
      kid = SFrameHeader.keyId(frame, MediaFrameHeader.LENGTH);
    } catch (SFrameException e) {
      return false;
    }
    long low = MlsKeyId.epochLowBits(kid, bits);
    long current = sframe.currentEpoch();
    for (int k = 1; k <= HOLD_EPOCHS; k++) {
      if (MlsKeyId.epochLowBits(current + k, bits) == low) {
        return true;
      }
    }
    return false;
  }

  public synchronized MediaStats stats() {
    return stats.copy();
  }

  /** Wipes every key. */
  public synchronized void destroy() {
    sframe.destroy();
    held.clear();
  }
}
