package io.conclave.client;

import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.PinStore;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/** Settings of a {@link MeetingClient}. Immutable; start from {@link #builder()}. */
public final class MeetingClientConfig {
  /** Decides, on a host's client, whether to admit a joiner that has no invite proof. */
  @FunctionalInterface
  public interface JoinApprover {
    JoinApprover DENY_ALL = (name, fingerprint) -> false;

    boolean approve(String name, Fingerprint fingerprint);
  }

  final PinStore pinStore;
  final JoinApprover joinApprover;
  final Duration commitBackoff;
  final Duration mediaGrace;
  final HttpClient http;
  final SecureRandom random;
  final Consumer<byte[]> epochSecretTap;
  final Consumer<byte[]> rawMediaTap;
  final boolean skipAdmissionCheck;
  final Duration attestationTimeout;
  final Duration beaconTimeout;
  final java.time.InstantSource clock;
  final boolean reconnect;
  final Duration maxReconnectDelay;

  private MeetingClientConfig(Builder b) {
    this.pinStore = b.pinStore;
    this.joinApprover = b.joinApprover;
    this.commitBackoff = b.commitBackoff;
    this.mediaGrace = b.mediaGrace;
    this.http = b.http;
    this.random = b.random;
    this.epochSecretTap = b.epochSecretTap;
    this.rawMediaTap = b.rawMediaTap;
    this.skipAdmissionCheck = b.skipAdmissionCheck;
    this.attestationTimeout = b.attestationTimeout;
    this.beaconTimeout = b.beaconTimeout;
    this.clock = b.clock;
    this.reconnect = b.reconnect;
    this.maxReconnectDelay = b.maxReconnectDelay;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private PinStore pinStore = PinStore.inMemory();
    private JoinApprover joinApprover = JoinApprover.DENY_ALL;
    private Duration commitBackoff = Duration.ofMillis(1500);
    private Duration mediaGrace = Duration.ofSeconds(5);
    private HttpClient http;
    private SecureRandom random = new SecureRandom();
    private Consumer<byte[]> epochSecretTap = s -> {};
    private Consumer<byte[]> rawMediaTap = f -> {};
    private boolean skipAdmissionCheck;
    private Duration attestationTimeout = Duration.ofSeconds(10);
    private Duration beaconTimeout = Duration.ofSeconds(5);
    private java.time.InstantSource clock = java.time.InstantSource.system();
    private boolean reconnect = true;
    private Duration maxReconnectDelay = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * Whether a lost connection is re-established (default): the client resumes its seat with its
     * resume token or, if the relay no longer knows it or commits went by, joins again with a new
     * KeyPackage (docs/PROTOCOL.md "Reconnecting"). Without it a lost connection ends the client.
     */
    public Builder reconnect(boolean reconnect) {
      this.reconnect = reconnect;
      return this;
    }

    /** Longest wait between reconnect attempts (they start at 250 ms and double); default 2 s. */
    public Builder maxReconnectDelay(Duration delay) {
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("maxReconnectDelay must be positive");
      }
      this.maxReconnectDelay = delay;
      return this;
    }

    /**
     * How long a joiner waits, after its Welcome, for the group to attest that it knows the invite
     * secret (or, for a joiner by approval, for a host's attestation) before leaving; default 10 s
     * (docs/PROTOCOL.md, "Joining" step 5).
     */
    public Builder attestationTimeout(Duration timeout) {
      this.attestationTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * How long after entering an epoch a member waits for every other member's epoch beacon
     * before reporting them unconfirmed; default 5 s (docs/PROTOCOL.md, "Fork and stall detection").
     */
    public Builder beaconTimeout(Duration timeout) {
      this.beaconTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** The clock KeyPackage lifetimes are judged by; default the system clock. */
    public Builder clock(java.time.InstantSource clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Where others' keys are pinned; default in memory only. */
    public Builder pinStore(PinStore store) {
      this.pinStore = Objects.requireNonNull(store);
      return this;
    }

    /** Used only on a host's client; default {@link JoinApprover#DENY_ALL}. */
    public Builder joinApprover(JoinApprover approver) {
      this.joinApprover = Objects.requireNonNull(approver);
      return this;
    }

    /**
     * How long the member with the n-th lowest leaf waits, times n, before committing pending
     * changes itself; the lowest commits at once. Spreads commits so few are rejected.
     */
    public Builder commitBackoff(Duration backoff) {
      this.commitBackoff = Objects.requireNonNull(backoff);
      return this;
    }

    /** How long a superseded epoch's media keys still decrypt (RFC 9605 §5.2); default 5 s. */
    public Builder mediaGrace(Duration grace) {
      this.mediaGrace = Objects.requireNonNull(grace);
      return this;
    }

    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client);
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /** Test seam: receives a copy of every epoch's SFrame base key, to audit where it appears. */
    Builder epochSecretTap(Consumer<byte[]> tap) {
      this.epochSecretTap = Objects.requireNonNull(tap);
      return this;
    }

    /** Test seam: receives every media frame as it arrived, still encrypted. */
    Builder rawMediaTap(Consumer<byte[]> tap) {
      this.rawMediaTap = Objects.requireNonNull(tap);
      return this;
    }

    /** Test seam: a colluding member that commits additions without checking them. */
    Builder skipAdmissionCheck(boolean skip) {
      this.skipAdmissionCheck = skip;
      return this;
    }

    public MeetingClientConfig build() {
      if (http == null) {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      }
      return new MeetingClientConfig(this);
    }
  }
}
