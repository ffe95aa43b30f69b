package io.conclave.mls.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The CI slice of the fuzzer ({@link MlsFuzz}): 2,000 mutated inputs per target with a fixed seed.
 * Only {@code MlsException} may escape, no input may take over five seconds. The long run is
 * documented in docs/CONFORMANCE.md.
 */
class MlsFuzzSliceTest {
  private static final long INPUTS = 2_000;
  private static final long SEED = 20_260_101L;
  private static List<FuzzTargets.Target> targets;
  private static List<byte[]> pool;

  @BeforeAll
  static void seeds() {
    targets = FuzzTargets.all(5);
    pool = MlsFuzz.pool(targets);
  }

  @TestFactory
  @Timeout(600)
  List<DynamicTest> onlyMlsExceptionsEscape() {
    return targets.stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
      MlsFuzz.Stats stats = MlsFuzz.run(t, INPUTS, SEED, pool, 5_000);
      assertThat(stats.inputs).isEqualTo(INPUTS);
      assertThat(stats.findings.values().stream().map(f -> f.kind() + " x" + f.count() + " input " + f.inputHex())
          .collect(Collectors.toList())).as(stats.toString()).isEmpty();
    })).toList();
  }
}
