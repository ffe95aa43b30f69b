package io.conclave.sframe.mls;

import io.conclave.sframe.suite.CipherSuite;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Settings of an {@link MlsSFrameContext}; every member of a group must use the same suite,
 * {@code epochBits} and {@code contextsPerSender}. Start from {@link #builder()}.
 *
 * @param suite the SFrame cipher suite (RFC 9605 §4.5); default {@code AES_128_GCM_SHA256_128}
 * @param epochBits E of RFC 9605 §5.2, 0 to {@link #MAX_EPOCH_BITS}; default 4. At most
 *     {@code 2^E} epochs are usable at once
 * @param contextsPerSender how many context values (the top KID bits) a sender may use, 1 to
 *     {@link #MAX_CONTEXTS}; default 1 (context 0 only). Each has its own key and counter
 * @param gracePeriod how long a superseded epoch still decrypts; default 5 s
 * @param replayWindow counters remembered per sender and context, a multiple of 64 from 64 to
 *     4096; default 128
 * @param counterLimit the largest counter a sender may use in one epoch, unsigned; default
 *     {@code 2^64 - 1}. Beyond it sending fails until the next epoch
 * @param clock the time source for grace periods
 */
public record MlsSFrameConfig(
    CipherSuite suite,
    int epochBits,
    int contextsPerSender,
    Duration gracePeriod,
    int replayWindow,
    long counterLimit,
    InstantSource clock) {

  public static final int MAX_EPOCH_BITS = 8;
  public static final int MAX_CONTEXTS = 16;

  public MlsSFrameConfig {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    Objects.requireNonNull(clock, "clock");
    if (epochBits < 0 || epochBits > MAX_EPOCH_BITS) {
      throw new IllegalArgumentException("epochBits must be 0.." + MAX_EPOCH_BITS);
    }
    if (contextsPerSender < 1 || contextsPerSender > MAX_CONTEXTS) {
      throw new IllegalArgumentException("contextsPerSender must be 1.." + MAX_CONTEXTS);
    }
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must not be negative");
    }
    if (replayWindow < 64 || replayWindow > 4096 || replayWindow % 64 != 0) {
      throw new IllegalArgumentException("replayWindow must be a multiple of 64 in 64..4096");
    }
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link MlsSFrameConfig}; values are checked by {@link #build()}. */
  public static final class Builder {
    private CipherSuite suite = CipherSuite.AES_128_GCM_SHA256_128;
    private int epochBits = 4;
    private int contextsPerSender = 1;
    private Duration gracePeriod = Duration.ofSeconds(5);
    private int replayWindow = 128;
    private long counterLimit = -1L;
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    public Builder suite(CipherSuite suite) {
      this.suite = suite;
      return this;
    }

    public Builder epochBits(int epochBits) {
      this.epochBits = epochBits;
      return this;
    }

    public Builder contextsPerSender(int contextsPerSender) {
      this.contextsPerSender = contextsPerSender;
      return this;
    }

    public Builder gracePeriod(Duration gracePeriod) {
      this.gracePeriod = gracePeriod;
      return this;
    }

    public Builder replayWindow(int replayWindow) {
      this.replayWindow = replayWindow;
      return this;
    }

    public Builder counterLimit(long counterLimit) {
      this.counterLimit = counterLimit;
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    public MlsSFrameConfig build() {
      return new MlsSFrameConfig(suite, epochBits, contextsPerSender, gracePeriod, replayWindow,
          counterLimit, clock);
    }
  }
}
