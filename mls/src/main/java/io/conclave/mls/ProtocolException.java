package io.conclave.mls;

/**
 * Input that decodes and authenticates but breaks a rule of RFC 9420: a wrong epoch, an invalid
 * proposal list, a tree that fails validation. {@link #rule()} names the rule, usually by its section.
 */
public final class ProtocolException extends MlsException {
  private final String rule;

  public ProtocolException(String rule, String message) {
    super(rule + ": " + message);
    this.rule = rule;
  }

  /** The violated rule, e.g. {@code "RFC9420 §12.4.2"} or a short identifier. */
  public String rule() {
    return rule;
  }
}
