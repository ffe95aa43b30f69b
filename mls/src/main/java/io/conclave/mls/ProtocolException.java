package io.conclave.mls;

/**
 * Input that decodes and authenticates but breaks a rule of RFC 9420: a wrong epoch, an invalid
 * proposal list, a tree that fails validation. {@link #rule()} names the rule ({@link Rule}), which
 * carries the RFC section it enforces.
 */
public final class ProtocolException extends MlsException {
  private final Rule rule;

  public ProtocolException(Rule rule, String message) {
    super(rule.id() + ": " + message);
    this.rule = rule;
  }

  /** The violated rule. */
  public Rule rule() {
    return rule;
  }

  /** The violated rule's id, e.g. {@code "RFC9420 §12.4.2 epoch"} ({@link Rule#id()}). */
  public String ruleId() {
    return rule.id();
  }
}
