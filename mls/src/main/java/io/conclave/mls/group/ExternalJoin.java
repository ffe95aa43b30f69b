package io.conclave.mls.group;

import io.conclave.mls.framing.MlsMessage;
import java.util.Objects;

/**
 * The result of joining by external commit (RFC 9420 §12.4.3.2): the group, already in the epoch
 * the commit creates, and the commit to send. If the delivery service rejects the commit, drop
 * the group and join again from a fresh GroupInfo.
 */
public record ExternalJoin(Group group, MlsMessage commit) {
  public ExternalJoin {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(commit, "commit");
  }
}
