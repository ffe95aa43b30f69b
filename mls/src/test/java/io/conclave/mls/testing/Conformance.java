package io.conclave.mls.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Counts, per vector file, the entries that passed, failed, and were skipped because their cipher
 * suite is not implemented. Vector tests call {@link #start(String)} and record each entry; the
 * {@link ConformanceSummaryListener} prints the table when the test run ends, and the failures
 * are asserted by the test itself ({@link Tally#assertNoFailures()}), after every entry ran.
 */
public final class Conformance {
  private static final Map<String, Tally> TALLIES = new ConcurrentSkipListMap<>();

  private Conformance() {}

  /** Starts (or continues) the tally for one vector file. */
  public static Tally start(String vectorFile) {
    return TALLIES.computeIfAbsent(vectorFile, Tally::new);
  }

  static Map<String, Tally> tallies() {
    return TALLIES;
  }

  /** Results for one vector file. Thread-safe. */
  public static final class Tally {
    private final String file;
    private int passed;
    private int skipped;
    private final List<String> failures = new ArrayList<>();

    Tally(String file) {
      this.file = file;
    }

    public synchronized void pass() {
      passed++;
    }

    /** An entry whose cipher suite this implementation does not provide. */
    public synchronized void skipUnsupportedSuite() {
      skipped++;
    }

    public synchronized void fail(String entry, Throwable cause) {
      failures.add(entry + ": " + cause);
    }

    /** Runs {@code check} for one entry, recording a pass or the failure it throws. */
    public void check(String entry, ThrowingRunnable check) {
      try {
        check.run();
        pass();
      } catch (Throwable t) {
        fail(entry, t);
      }
    }

    public synchronized int passed() {
      return passed;
    }

    public synchronized int skipped() {
      return skipped;
    }

    public synchronized List<String> failures() {
      return List.copyOf(failures);
    }

    public String file() {
      return file;
    }

    /** Fails with every recorded failure listed. Also fails if nothing at all passed. */
    public synchronized void assertNoFailures() {
      if (!failures.isEmpty()) {
        throw new AssertionError(file + ": " + failures.size() + " entries failed:\n  "
            + String.join("\n  ", failures));
      }
      if (passed == 0) {
        throw new AssertionError(file + ": no entry passed (" + skipped + " skipped)");
      }
    }
  }

  /** A check that may throw anything. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
