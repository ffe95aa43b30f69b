package io.conclave.mls.group;

import io.conclave.mls.framing.MlsMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * A created commit (RFC 9420 §12.4.1): the message for the delivery service, the Welcome for the
 * added members (if any) and the GroupInfo of the new epoch (with {@code external_pub}). The
 * group holds the commit as pending until {@link Group#mergePendingCommit()} or
 * {@link Group#discardPendingCommit()}.
 */
public record CommitOutput(MlsMessage commit, Optional<MlsMessage> welcome, MlsMessage groupInfo) {
  public CommitOutput {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(welcome, "welcome");
    Objects.requireNonNull(groupInfo, "groupInfo");
  }
}
