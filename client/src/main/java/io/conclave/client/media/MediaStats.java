package io.conclave.client.media;

/**
 * Counters of received media frames: decrypted at once, held back for an epoch not yet reached,
 * released after being held, lost (held too long, or rejected after holding), and rejected (not
 * decryptable: foreign key, replay, tampering, expired epoch). A snapshot; not thread-safe itself.
 */
public final class MediaStats {
  long decrypted;
  long held;
  long releasedAfterHold;
  long lost;
  long rejected;

  /** All counters zero. */
  public MediaStats() {}

  MediaStats copy() {
    MediaStats c = new MediaStats();
    c.decrypted = decrypted;
    c.held = held;
    c.releasedAfterHold = releasedAfterHold;
    c.lost = lost;
    c.rejected = rejected;
    return c;
  }

  public long decrypted() {
    return decrypted;
  }

  public long held() {
    return held;
  }

  public long releasedAfterHold() {
    return releasedAfterHold;
  }

  public long lost() {
    return lost;
  }

  public long rejected() {
    return rejected;
  }

  @Override
  public String toString() {
    return "decrypted " + decrypted + ", held " + held + " (released " + releasedAfterHold + "), lost " + lost
        + ", rejected " + rejected;
  }
}
