package io.conclave.cli.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load run saw: messages sent, connections played per attack, how they ended, and the
 * endings its attack does not allow ({@link #unexpected()}; close code {@link
 * RawConnection#ABNORMAL} 1006 means the TCP connection ended without a close frame, 0 that it
 * was still open after the wait). Thread-safe.
 */
public final class LoadReport {
  private long messages;
  private long connections;
  private final Map<Attack, Long> played = new EnumMap<>(Attack.class);
  private final Map<Integer, Long> closeCodes = new TreeMap<>();
  private final Map<String, Long> unexpected = new TreeMap<>();

  synchronized void record(Attack attack, int sent, int closeCode) {
    messages += sent;
    connections++;
    played.merge(attack, 1L, Long::sum);
    closeCodes.merge(closeCode, 1L, Long::sum);
    if (!attack.accepts(closeCode)) {
      unexpected.merge(attack + " closed with " + closeCode, 1L, Long::sum);
    }
  }

  public synchronized long messages() {
    return messages;
  }

  public synchronized long connections() {
    return connections;
  }

  public synchronized Map<Attack, Long> played() {
    return new EnumMap<>(played);
  }

  /** Close code to number of connections that ended with it. */
  public synchronized Map<Integer, Long> closeCodes() {
    return new TreeMap<>(closeCodes);
  }

  /** "ATTACK closed with CODE" to count, for endings the attack does not allow. */
  public synchronized Map<String, Long> unexpected() {
    return new TreeMap<>(unexpected);
  }

  @Override
  public synchronized String toString() {
    return "messages=" + messages + " connections=" + connections + " played=" + played
        + " closeCodes=" + closeCodes + " unexpected=" + unexpected;
  }
}
