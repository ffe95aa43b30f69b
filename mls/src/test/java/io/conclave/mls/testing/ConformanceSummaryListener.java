package io.conclave.mls.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the conformance table (passed / failed / skipped-by-unsupported-suite per vector file)
 * at the end of the test run and writes it to {@code target/conformance.md}. Registered through
 * {@code META-INF/services}.
 */
public final class ConformanceSummaryListener implements TestExecutionListener {

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    Map<String, Conformance.Tally> tallies = Conformance.tallies();
    if (tallies.isEmpty()) {
      return;
    }
    StringBuilder table = new StringBuilder();
    table.append("| vector file | passed | failed | skipped (unsupported suite) |\n");
    table.append("|---|---:|---:|---:|\n");
    for (Conformance.Tally t : tallies.values()) {
      table.append("| ").append(t.file())
          .append(" | ").append(t.passed())
          .append(" | ").append(t.failures().size())
          .append(" | ").append(t.skipped())
          .append(" |\n");
    }
    System.out.println("\n=== MLS conformance summary ===\n" + table);
    try {
      Path out = Path.of("target", "conformance.md");
      Files.createDirectories(out.getParent());
      Files.writeString(out, table.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
