package io.conclave.mls.group;

import io.conclave.mls.Rule;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.secrettree.SenderRatchetConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link Group} behaves locally: nothing here is sent or agreed with other members.
 * Immutable; start from {@link #builder()} or {@link #DEFAULT}.
 */
public final class GroupConfig {
  /**
   * The builder's defaults: public-message handshakes, proposals only from members
   * ({@link ProposalPolicy#STRICT}), no external commits, and {@link CredentialValidator#BASIC_ONLY}
   * (which refuses x509 and authenticates nobody): for tests and examples. An application sets its
   * own {@link Builder#credentialValidator}.
   */
  public static final GroupConfig DEFAULT = builder().build();

  private final WireFormat handshakeFormat;
  private final int paddingBlock;
  private final Duration previousEpochGrace;
  private final InstantSource clock;
  private final SecureRandom random;
  private final SenderRatchetConfig ratchetConfig;
  private final CredentialValidator credentialValidator;
  private final PskStore pskStore;
  private final boolean ratchetTreeExtension;
  private final int resumptionPskEpochs;
  private final ProposalPolicy proposalPolicy;
  private final boolean allowExternalCommits;
  private final boolean allowReInit;

  private GroupConfig(Builder b) {
    this.handshakeFormat = b.handshakeFormat;
    this.paddingBlock = b.paddingBlock;
    this.previousEpochGrace = b.previousEpochGrace;
    this.clock = b.clock;
    this.random = b.random;
    this.ratchetConfig = b.ratchetConfig;
    this.credentialValidator = b.credentialValidator;
    this.pskStore = b.pskStore;
    this.ratchetTreeExtension = b.ratchetTreeExtension;
    this.resumptionPskEpochs = b.resumptionPskEpochs;
    this.proposalPolicy = b.proposalPolicy;
    this.allowExternalCommits = b.allowExternalCommits;
    this.allowReInit = b.allowReInit;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@link WireFormat#PUBLIC_MESSAGE} or {@link WireFormat#PRIVATE_MESSAGE} for proposals and commits. */
  public WireFormat handshakeFormat() {
    return handshakeFormat;
  }

  /** Application plaintexts are zero-padded to a multiple of this many bytes (RFC 9420 §6.3.1). */
  public int paddingBlock() {
    return paddingBlock;
  }

  /**
   * How long the previous epoch's secret tree is kept after a commit, so that application messages
   * sent before it still decrypt (RFC 9420 §9.2, §12.4.2); destroyed afterwards.
   */
  public Duration previousEpochGrace() {
    return previousEpochGrace;
  }

  /** Time source for KeyPackage lifetimes (§7.3) and the grace period. */
  public InstantSource clock() {
    return clock;
  }

  public SecureRandom random() {
    return random;
  }

  /** Out-of-order tolerance of the secret tree's ratchets (§9.2). */
  public SenderRatchetConfig ratchetConfig() {
    return ratchetConfig;
  }

  /**
   * The application's authentication service (RFC 9420 §5.3.1), asked for every credential that
   * enters the tree and for every replaced one ({@link CredentialValidator#isValidSuccessor}).
   *
   * <p><strong>Default: {@link CredentialValidator#BASIC_ONLY}, failing closed.</strong> Decision
   * of issue 11 item 4: the default used to be {@link CredentialValidator#ACCEPT_ALL}, documented
   * "for tests" yet applied to every group that did not set one. It now accepts only {@code basic}
   * credentials with a non-empty identity and refuses {@code x509} and unknown credential types, so
   * a group that forgets to configure a validator refuses certificates it would otherwise take
   * unchecked. The RFC 9420 conformance vectors and the interop tests with ts-mls use
   * {@code basic} credentials with non-empty identities and pass under it. It does not
   * authenticate anyone (a basic identity is a bare claim): applications must still give their
   * own validator or authenticate members out of band. {@code ACCEPT_ALL} remains for tests.
   */
  public CredentialValidator credentialValidator() {
    return credentialValidator;
  }

  public PskStore pskStore() {
    return pskStore;
  }

  /** Whether Welcome and published GroupInfo carry the {@code ratchet_tree} extension (§12.4.3.3). */
  public boolean ratchetTreeExtension() {
    return ratchetTreeExtension;
  }

  /** How many past epochs' {@code resumption_psk} are kept for resumption PSKs (§8.6). */
  public int resumptionPskEpochs() {
    return resumptionPskEpochs;
  }

  /**
   * Which received proposals are cached for commits by reference (RFC 9420 §12.1, §16.11); default
   * {@link ProposalPolicy#STRICT}, members only.
   */
  public ProposalPolicy proposalPolicy() {
    return proposalPolicy;
  }

  /**
   * Whether commits from non-members ({@code new_member_commit}, RFC 9420 §12.4.3.2) are processed;
   * default false, and such a commit is rejected with {@link Rule#EXTERNAL_COMMIT_REFUSED}.
   * When true, a resync commit's Remove must remove the joiner's own earlier leaf
   * ({@link Rule#EXTERNAL_REMOVE_NOT_SELF}, checked with
   * {@link CredentialValidator#isValidSuccessor}). Creating an external commit
   * ({@link Group#joinExternally}) does not depend on this setting.
   */
  public boolean allowExternalCommits() {
    return allowExternalCommits;
  }

  /**
   * Whether ReInit proposals (RFC 9420 §11.2, §12.1.5) are accepted; default false. This library
   * does not implement reinitialisation (the Welcome into the successor group with a reinit PSK),
   * so a group that committed a ReInit could only end. By default a ReInit is therefore refused
   * everywhere with {@link Rule#REINIT_UNSUPPORTED}: when this member proposes or commits one,
   * when it receives one as a proposal, and when it receives a commit that covers one. When true,
   * a ReInit is validated (§12.1.5, §12.2) and a commit with one ends the group
   * ({@link Rule#INACTIVE}); meant for conformance tests only.
   */
  public boolean allowReInit() {
    return allowReInit;
  }

  /**
   * Builder with safe defaults; {@link #credentialValidator} defaults to the fail-closed
   * {@link CredentialValidator#BASIC_ONLY}, which still authenticates nobody.
   */
  public static final class Builder {
    private WireFormat handshakeFormat = WireFormat.PUBLIC_MESSAGE;
    private int paddingBlock = 32;
    private Duration previousEpochGrace = Duration.ofSeconds(30);
    private InstantSource clock = InstantSource.system();
    private SecureRandom random = new SecureRandom();
    private SenderRatchetConfig ratchetConfig = SenderRatchetConfig.DEFAULT;
    private CredentialValidator credentialValidator = CredentialValidator.BASIC_ONLY;
    private PskStore pskStore = PskStore.NONE;
    private boolean ratchetTreeExtension = true;
    private int resumptionPskEpochs = 16;
    private ProposalPolicy proposalPolicy = ProposalPolicy.STRICT;
    private boolean allowExternalCommits = false;
    private boolean allowReInit = false;

    private Builder() {}

    public Builder handshakeFormat(WireFormat format) {
      if (format != WireFormat.PUBLIC_MESSAGE && format != WireFormat.PRIVATE_MESSAGE) {
        throw new IllegalArgumentException("handshakes are public or private messages, not " + format);
      }
      this.handshakeFormat = format;
      return this;
    }

    public Builder paddingBlock(int block) {
      if (block < 1 || block > 4096) {
        throw new IllegalArgumentException("padding block must be 1..4096");
      }
      this.paddingBlock = block;
      return this;
    }

    public Builder previousEpochGrace(Duration grace) {
      if (grace.isNegative()) {
        throw new IllegalArgumentException("negative grace period");
      }
      this.previousEpochGrace = grace;
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public Builder ratchetConfig(SenderRatchetConfig config) {
      this.ratchetConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    public Builder credentialValidator(CredentialValidator validator) {
      this.credentialValidator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    public Builder pskStore(PskStore store) {
      this.pskStore = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder ratchetTreeExtension(boolean include) {
      this.ratchetTreeExtension = include;
      return this;
    }

    public Builder resumptionPskEpochs(int epochs) {
      if (epochs < 0) {
        throw new IllegalArgumentException("negative epoch count");
      }
      this.resumptionPskEpochs = epochs;
      return this;
    }

    /** See {@link GroupConfig#proposalPolicy()}; default {@link ProposalPolicy#STRICT}. */
    public Builder proposalPolicy(ProposalPolicy policy) {
      this.proposalPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** See {@link GroupConfig#allowExternalCommits()}; default false. */
    public Builder allowExternalCommits(boolean allow) {
      this.allowExternalCommits = allow;
      return this;
    }

    /** See {@link GroupConfig#allowReInit()}; default false (ReInit refused). */
    public Builder allowReInit(boolean allow) {
      this.allowReInit = allow;
      return this;
    }

    public GroupConfig build() {
      return new GroupConfig(this);
    }
  }
}
