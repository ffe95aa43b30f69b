package io.conclave.mls.group.commit;

import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.group.proposals.ProposalChecks;
import io.conclave.mls.group.state.PskResolver;
import io.conclave.mls.secrettree.SenderRatchetConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What commit processing needs besides the epoch: proposal checks, PSKs, the secret tree's ratchet
 * limits, and the leaf key pairs of this member's own pending Update proposals by public key.
 */
public record CommitEnv(ProposalChecks checks, PskResolver psks, SenderRatchetConfig ratchetConfig,
    Function<byte[], Optional<HpkeKeyPair>> ownUpdateKeys) {

  public CommitEnv {
    Objects.requireNonNull(checks, "checks");
    Objects.requireNonNull(psks, "psks");
    Objects.requireNonNull(ratchetConfig, "ratchetConfig");
    Objects.requireNonNull(ownUpdateKeys, "ownUpdateKeys");
  }
}
