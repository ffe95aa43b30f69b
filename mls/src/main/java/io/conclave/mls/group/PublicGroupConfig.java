package io.conclave.mls.group;

import io.conclave.mls.codec.DecodeLimits;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link PublicGroup} checks what it follows. Cipher-suite agnostic (the suite comes from
 * the GroupInfo); immutable; start from {@link #builder()} or {@link #DEFAULT}.
 */
public final class PublicGroupConfig {
  /** External commits refused, every credential accepted, system clock, default decode limits. */
  public static final PublicGroupConfig DEFAULT = builder().build();

  private final boolean allowExternalCommits;
  private final CredentialValidator credentialValidator;
  private final InstantSource clock;
  private final DecodeLimits decodeLimits;

  private PublicGroupConfig(Builder b) {
    this.allowExternalCommits = b.allowExternalCommits;
    this.credentialValidator = b.credentialValidator;
    this.clock = b.clock;
    this.decodeLimits = b.decodeLimits;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether commits from a {@code new_member_commit} sender (RFC 9420 §12.4.3.2) are accepted. */
  public boolean allowExternalCommits() {
    return allowExternalCommits;
  }

  /**
   * The authentication service (RFC 9420 §5.3.1), asked for every leaf that enters or changes in
   * the tree, as members ask theirs.
   */
  public CredentialValidator credentialValidator() {
    return credentialValidator;
  }

  /**
   * Time source for the lifetime of KeyPackage leaves that commits add (RFC 9420 §7.3), as members
   * check them on receipt. A relay whose clock is far off the members' may reject what they accept.
   */
  public InstantSource clock() {
    return clock;
  }

  /** Bounds for the nested encodings this view decodes itself (the ratchet_tree extension). */
  public DecodeLimits decodeLimits() {
    return decodeLimits;
  }

  /**
   * Builder; {@link #credentialValidator} defaults to {@link CredentialValidator#ACCEPT_ALL}: a
   * public view (a delivery service following the group) is no authentication service, the members
   * are (their {@link GroupConfig} defaults to the fail-closed {@link CredentialValidator#BASIC_ONLY}).
   * The x509 key binding ({@link io.conclave.mls.Rule#X509_END_ENTITY_KEY}) is checked regardless.
   */
  public static final class Builder {
    private boolean allowExternalCommits;
    private CredentialValidator credentialValidator = CredentialValidator.ACCEPT_ALL;
    private InstantSource clock = InstantSource.system();
    private DecodeLimits decodeLimits = DecodeLimits.DEFAULT;

    private Builder() {}

    public Builder allowExternalCommits(boolean allow) {
      this.allowExternalCommits = allow;
      return this;
    }

    public Builder credentialValidator(CredentialValidator validator) {
      this.credentialValidator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder decodeLimits(DecodeLimits limits) {
      this.decodeLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public PublicGroupConfig build() {
      return new PublicGroupConfig(this);
    }
  }
}
