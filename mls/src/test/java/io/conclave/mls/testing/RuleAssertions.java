package io.conclave.mls.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.conclave.mls.ProtocolException;
import io.conclave.mls.Rule;
import java.util.EnumSet;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The one way tests assert a {@link Rule}: {@link #assertRule} runs the call, checks that it throws
 * a {@link ProtocolException} of exactly that rule, and returns the exception.
 *
 * <p>{@link RuleCoverageTest} scans the test sources for {@code assertRule(..., Rule.X)} calls and
 * fails when a rule of {@link Rule} appears in none; {@link #asserted()} records what the run
 * actually asserted (for diagnostics).
 */
public final class RuleAssertions {
  private static final Set<Rule> ASSERTED = EnumSet.noneOf(Rule.class);

  private RuleAssertions() {}

  /** Asserts that {@code call} throws a {@link ProtocolException} naming {@code rule}, and returns it. */
  public static ProtocolException assertRule(ThrowingCallable call, Rule rule) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("expected ProtocolException(%s)", rule).isInstanceOf(ProtocolException.class);
    ProtocolException e = (ProtocolException) thrown;
    assertThat(e.rule()).as("rule of: %s", e.getMessage()).isEqualTo(rule);
    synchronized (ASSERTED) {
      ASSERTED.add(rule);
    }
    return e;
  }

  /** The rules asserted so far in this JVM. */
  public static Set<Rule> asserted() {
    synchronized (ASSERTED) {
      return EnumSet.copyOf(ASSERTED.isEmpty() ? EnumSet.noneOf(Rule.class) : ASSERTED);
    }
  }
}
