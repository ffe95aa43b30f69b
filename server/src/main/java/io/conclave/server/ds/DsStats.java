package io.conclave.server.ds;

/** What the delivery service reports for metrics. */
public interface DsStats {

  /** A commit was accepted; {@code nanos} from receipt to persisted and forwarded. */
  void commitAccepted(long nanos);

  void commitRejected();

  DsStats NONE = new DsStats() {
    @Override
    public void commitAccepted(long nanos) {}

    @Override
    public void commitRejected() {}
  };
}
