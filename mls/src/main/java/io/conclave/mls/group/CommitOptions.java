package io.conclave.mls.group;

import io.conclave.mls.extension.Extension;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.treemath.LeafIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a commit should do beyond the proposals already received in the epoch (RFC 9420 §12.4):
 * members to add and remove, external PSKs to inject, new group context extensions, whether to
 * send a path when none is required, and the authenticated data of the message.
 */
public final class CommitOptions {
  /** A commit of the received proposals only, with a path. */
  public static final CommitOptions DEFAULT = builder().build();

  private final List<KeyPackage> adds;
  private final List<LeafIndex> removes;
  private final List<byte[]> externalPsks;
  private final Optional<List<Extension>> groupContextExtensions;
  private final boolean forcePath;
  private final boolean includePendingProposals;
  private final byte[] authenticatedData;

  private CommitOptions(Builder b) {
    this.adds = List.copyOf(b.adds);
    this.removes = List.copyOf(b.removes);
    this.externalPsks = b.externalPsks.stream().map(byte[]::clone).toList();
    this.groupContextExtensions = b.groupContextExtensions;
    this.forcePath = b.forcePath;
    this.includePendingProposals = b.includePendingProposals;
    this.authenticatedData = b.authenticatedData.clone();
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<KeyPackage> adds() {
    return adds;
  }

  public List<LeafIndex> removes() {
    return removes;
  }

  /** {@code psk_id}s of external PSKs, looked up in the {@link PskStore}. */
  public List<byte[]> externalPsks() {
    return externalPsks.stream().map(byte[]::clone).toList();
  }

  public Optional<List<Extension>> groupContextExtensions() {
    return groupContextExtensions;
  }

  /** Send an UpdatePath even when the proposals do not require one (default true). */
  public boolean forcePath() {
    return forcePath;
  }

  /** Include, by reference, the valid proposals received in this epoch (default true, §12.4 SHOULD). */
  public boolean includePendingProposals() {
    return includePendingProposals;
  }

  public byte[] authenticatedData() {
    return authenticatedData.clone();
  }

  public static final class Builder {
    private final List<KeyPackage> adds = new ArrayList<>();
    private final List<LeafIndex> removes = new ArrayList<>();
    private final List<byte[]> externalPsks = new ArrayList<>();
    private Optional<List<Extension>> groupContextExtensions = Optional.empty();
    private boolean forcePath = true;
    private boolean includePendingProposals = true;
    private byte[] authenticatedData = new byte[0];

    private Builder() {}

    public Builder add(KeyPackage keyPackage) {
      adds.add(Objects.requireNonNull(keyPackage, "keyPackage"));
      return this;
    }

    public Builder remove(LeafIndex leaf) {
      removes.add(Objects.requireNonNull(leaf, "leaf"));
      return this;
    }

    public Builder externalPsk(byte[] pskId) {
      externalPsks.add(pskId.clone());
      return this;
    }

    public Builder groupContextExtensions(List<Extension> extensions) {
      groupContextExtensions = Optional.of(List.copyOf(extensions));
      return this;
    }

    public Builder forcePath(boolean force) {
      forcePath = force;
      return this;
    }

    public Builder includePendingProposals(boolean include) {
      includePendingProposals = include;
      return this;
    }

    public Builder authenticatedData(byte[] data) {
      authenticatedData = data.clone();
      return this;
    }

    public CommitOptions build() {
      return new CommitOptions(this);
    }
  }
}
