package io.conclave.sframe.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every entry of a vector section, collects failures, prints one summary line
 * ({@code SFrame vectors <section>: N passed, M failed}) and only then asserts.
 */
public final class VectorTally {
  private final String section;
  private int passed;
  private final List<String> failures = new ArrayList<>();

  public VectorTally(String section) {
    this.section = section;
  }

  public void check(String entry, Check check) {
    try {
      check.run();
      passed++;
    } catch (Throwable t) {
      failures.add(entry + ": " + t);
    }
  }

  /** Prints the summary line, then fails if any entry failed or none ran. */
  public void finish() {
    System.out.println("SFrame vectors " + section + ": " + passed + " passed, "
        + failures.size() + " failed");
    if (!failures.isEmpty()) {
      throw new AssertionError(section + ": " + failures.size() + " entries failed:\n  "
          + String.join("\n  ", failures));
    }
    if (passed == 0) {
      throw new AssertionError(section + ": no entry ran");
    }
  }

  /** One entry's checks. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }
}
