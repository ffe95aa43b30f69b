package io.conclave.mls.secrettree;

import io.conclave.mls.Rule;
import io.conclave.mls.DecodeException;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One sender's handshake or application hash ratchet (RFC 9420 §9.1):
 *
 * <pre>
 * ratchet_nonce_[j]    = DeriveTreeSecret(ratchet_secret_[j], "nonce", j, AEAD.Nn)
 * ratchet_key_[j]      = DeriveTreeSecret(ratchet_secret_[j], "key", j, AEAD.Nk)
 * ratchet_secret_[j+1] = DeriveTreeSecret(ratchet_secret_[j], "secret", j, KDF.Nh)
 * </pre>
 *
 * <p>Only the secret of the next generation is held; a ratchet secret is destroyed as soon as the
 * next one is derived (§9.2). A receiver that skips generations keeps their keys, up to
 * {@link SenderRatchetConfig#maxKeptKeys()}, for messages delivered late. Every key is handed out
 * at most once; asking again for a generation fails with {@link io.conclave.mls.Rule#KEY_CONSUMED}.
 *
 * <p>Only an authenticated message consumes a key (§9.2). A receiver {@link #reserve reserves} the
 * key of a message's generation, which derives it (and the keys it passes over) without changing
 * the ratchet, and {@link Reservation#consume consumes} it only after the AEAD decryption and the
 * signature succeeded. A forged message, whatever generation it claims, thus leaves the ratchet as
 * it was: no generation is passed over, no kept key is evicted from the window, and every genuine
 * message still decrypts. Thread-safe.
 */
public final class SenderRatchet {

  private static final long MAX_GENERATION = 0xffff_ffffL;

  private final CipherSuite suite;
  private final SenderRatchetConfig config;
  private final NavigableMap<Long, RatchetKey> kept = new TreeMap<>();
  private SecretBytes secret;
  private long next;

  /** Starts at generation 0 from {@code rootSecret}, taking ownership of it. */
  SenderRatchet(CipherSuite suite, SecretBytes rootSecret, SenderRatchetConfig config) {
    this.suite = suite;
    this.secret = rootSecret;
    this.config = config;
  }

  /** The key for the next message this member sends. */
  public synchronized RatchetKey nextKey() {
    checkAlive();
    return advance();
  }

  /**
   * The key for a received message of {@code generation}: a kept key of a skipped generation, or
   * one derived by ratcheting forward (keeping the keys passed over).
   *
   * @throws ProtocolException {@link io.conclave.mls.Rule#KEY_CONSUMED} if that key was already handed out or is no
   *     longer kept, {@link io.conclave.mls.Rule#GENERATION_TOO_FAR_AHEAD} or {@link io.conclave.mls.Rule#GENERATION_EXHAUSTED} if it is out of reach
   */
  public synchronized RatchetKey keyFor(long generation) {
    checkAlive();
    if (generation < 0 || generation > MAX_GENERATION) {
      throw new ProtocolException(Rule.GENERATION_EXHAUSTED, "generation " + generation + " is not a uint32");
    }
    if (generation < next) {
      RatchetKey key = kept.remove(generation);
      if (key == null) {
        throw new ProtocolException(Rule.KEY_CONSUMED, "key of generation " + generation + " is gone");
      }
      return key;
    }
    if (generation - next > config.maxForwardDistance()) {
      throw new ProtocolException(Rule.GENERATION_TOO_FAR_AHEAD, "generation " + generation + " is "
          + (generation - next) + " past the next expected " + next);
    }
    while (next < generation) {
      keep(advance());
    }
    return advance();
  }

  /**
   * The key for a received message of {@code generation}, derived without changing the ratchet:
   * nothing is consumed, kept or evicted until {@link Reservation#consume()}, which the receiver
   * calls once the message decrypted and its signature verified. {@link Reservation#close()}
   * destroys whatever was not consumed. Reserving costs the same derivations as {@link #keyFor}.
   *
   * @throws ProtocolException {@link io.conclave.mls.Rule#KEY_CONSUMED} if that key was already handed out or is no
   *     longer kept, {@link io.conclave.mls.Rule#GENERATION_TOO_FAR_AHEAD} or {@link io.conclave.mls.Rule#GENERATION_EXHAUSTED} if it is out of reach
   */
  public synchronized Reservation reserve(long generation) {
    checkAlive();
    if (generation < 0 || generation > MAX_GENERATION) {
      throw new ProtocolException(Rule.GENERATION_EXHAUSTED, "generation " + generation + " is not a uint32");
    }
    if (generation < next) {
      RatchetKey key = kept.get(generation);
      if (key == null) {
        throw new ProtocolException(Rule.KEY_CONSUMED, "key of generation " + generation + " is gone");
      }
      return new Reservation(generation, new RatchetKey(generation, SecretBytes.copyOf(key.key().unsafeView()),
          SecretBytes.copyOf(key.nonce().unsafeView())), next, null, new ArrayDeque<>());
    }
    if (generation - next > config.maxForwardDistance()) {
      throw new ProtocolException(Rule.GENERATION_TOO_FAR_AHEAD, "generation " + generation + " is "
          + (generation - next) + " past the next expected " + next);
    }
    SecretBytes current = SecretBytes.copyOf(secret.unsafeView());
    ArrayDeque<RatchetKey> passed = new ArrayDeque<>();
    RatchetKey key = null;
    try {
      for (long g = next; g <= generation; g++) {
        byte[] view = current.unsafeView();
        RatchetKey derived = new RatchetKey(g,
            SecretBytes.wrap(suite.deriveTreeSecret(view, "key", g, suite.aeadKeyLength())),
            SecretBytes.wrap(suite.deriveTreeSecret(view, "nonce", g, suite.aeadNonceLength())));
        SecretBytes following = SecretBytes.wrap(suite.deriveTreeSecret(view, "secret", g, suite.hashLength()));
        current.destroy();
        current = following;
        if (g < generation) {
          // Only the newest maxKeptKeys passed-over keys could survive in the window anyway.
          passed.addLast(derived);
          if (passed.size() > config.maxKeptKeys()) {
            passed.pollFirst().destroy();
          }
        } else {
          key = derived;
        }
      }
      Reservation reservation = new Reservation(generation, key, next, current, passed);
      current = null;
      return reservation;
    } finally {
      if (current != null) {
        current.destroy();
        passed.forEach(RatchetKey::destroy);
        if (key != null) {
          key.destroy();
        }
      }
    }
  }

  /** Applies a reservation: the ratchet state as if {@link #keyFor} had handed out its key. */
  private synchronized void consume(Reservation r) {
    checkAlive();
    if (r.following == null || r.generation < next) {
      // A kept key, or a forward key whose generation a message consumed meanwhile passed over.
      RatchetKey key = kept.remove(r.generation);
      if (key == null) {
        throw new ProtocolException(Rule.KEY_CONSUMED, "key of generation " + r.generation + " is gone");
      }
      key.destroy();
      return;
    }
    if (next == r.startNext) {
      while (!r.passed.isEmpty()) {
        keep(r.passed.pollFirst());
      }
      secret.destroy();
      secret = r.following;
      r.following = null;
      next = r.generation + 1;
      return;
    }
    // The ratchet moved forward meanwhile but not past this generation: advance from where it is.
    while (next < r.generation) {
      keep(advance());
    }
    advance().destroy();
  }

  /**
   * A key reserved by {@link #reserve} for one received message: its derivation is done, but the
   * ratchet changes only on {@link #consume()}. Single use; close it in every case.
   */
  public final class Reservation implements AutoCloseable {
    private final long generation;
    private final RatchetKey key;
    private final long startNext;
    private SecretBytes following;
    private final ArrayDeque<RatchetKey> passed;
    private boolean done;

    private Reservation(long generation, RatchetKey key, long startNext, SecretBytes following,
        ArrayDeque<RatchetKey> passed) {
      this.generation = generation;
      this.key = key;
      this.startNext = startNext;
      this.following = following;
      this.passed = passed;
    }

    /** The key and nonce of the reserved generation; destroyed by {@link #close()}. */
    public RatchetKey key() {
      return key;
    }

    public long generation() {
      return generation;
    }

    /**
     * Consumes the key: the message was authenticated. The ratchet then stands as after
     * {@link SenderRatchet#keyFor}.
     *
     * @throws ProtocolException {@link io.conclave.mls.Rule#KEY_CONSUMED} if another message of this generation was
     *     consumed since the reservation (a replay that raced this one)
     */
    public void consume() {
      if (done) {
        throw new IllegalStateException("reservation already consumed");
      }
      done = true;
      SenderRatchet.this.consume(this);
    }

    /** Destroys everything of the reservation the ratchet did not take over. */
    @Override
    public void close() {
      done = true;
      key.destroy();
      passed.forEach(RatchetKey::destroy);
      passed.clear();
      if (following != null) {
        following.destroy();
        following = null;
      }
    }
  }

  /**
   * Takes back a key obtained from {@link #keyFor} whose message failed to decrypt, keeping it for
   * the genuine message of its generation (subject to the window of kept keys).
   */
  public synchronized void restore(RatchetKey key) {
    checkAlive();
    if (key.isDestroyed() || key.generation() >= next || kept.containsKey(key.generation())) {
      throw new IllegalStateException("not a live key handed out by this ratchet");
    }
    keep(key);
  }

  /**
   * Writes the ratchet's state (its current secret, next generation and kept keys) for saving a
   * group; the encoding is secret material.
   */
  public synchronized void encodeState(TlsWriter writer) {
    checkAlive();
    writer.writeOpaque(secret.unsafeView()).writeUint32(next);
    writer.writeList(List.copyOf(kept.values()), (w, k) -> w.writeUint32(k.generation())
        .writeOpaque(k.key().unsafeView()).writeOpaque(k.nonce().unsafeView()));
  }

  /** Restores a ratchet written by {@link #encodeState}. */
  static SenderRatchet decodeState(CipherSuite suite, TlsReader reader, SenderRatchetConfig config) {
    SenderRatchet ratchet = new SenderRatchet(suite, SecretBytes.wrap(reader.readOpaque(suite.hashLength(),
        "ratchet secret")),
        config);
    ratchet.next = reader.readUint32();
    for (RatchetKey key : reader.readList(r -> new RatchetKey(r.readUint32(),
        SecretBytes.wrap(r.readOpaque(suite.aeadKeyLength(), "ratchet key")),
        SecretBytes.wrap(r.readOpaque(suite.aeadNonceLength(), "ratchet nonce"))))) {
      if (key.generation() >= ratchet.next) {
        throw new DecodeException("kept ratchet key of a future generation");
      }
      ratchet.kept.put(key.generation(), key);
    }
    return ratchet;
  }

  /** The generation {@link #nextKey()} would return. */
  public synchronized long nextGeneration() {
    return next;
  }

  /** Deletes the ratchet secret and every kept key; the ratchet cannot be used afterwards. */
  public synchronized void destroy() {
    if (secret != null) {
      secret.destroy();
      secret = null;
    }
    kept.values().forEach(RatchetKey::destroy);
    kept.clear();
  }

  public synchronized boolean isDestroyed() {
    return secret == null;
  }

  private RatchetKey advance() {
    if (next > MAX_GENERATION) {
      throw new ProtocolException(Rule.GENERATION_EXHAUSTED, "the ratchet has used every generation");
    }
    byte[] current = secret.unsafeView();
    SecretBytes key = SecretBytes.wrap(suite.deriveTreeSecret(current, "key", next, suite.aeadKeyLength()));
    SecretBytes nonce = SecretBytes.wrap(suite.deriveTreeSecret(current, "nonce", next, suite.aeadNonceLength()));
    SecretBytes following = SecretBytes.wrap(suite.deriveTreeSecret(current, "secret", next, suite.hashLength()));
    secret.destroy();
    secret = following;
    return new RatchetKey(next++, key, nonce);
  }

  private void keep(RatchetKey key) {
    kept.put(key.generation(), key);
    if (kept.size() > config.maxKeptKeys()) {
      kept.pollFirstEntry().getValue().destroy();
    }
  }

  private void checkAlive() {
    if (secret == null) {
      throw new IllegalStateException("sender ratchet was destroyed");
    }
  }

  @Override
  public synchronized String toString() {
    return "SenderRatchet[next generation " + next + ", " + kept.size() + " kept keys]";
  }
}
