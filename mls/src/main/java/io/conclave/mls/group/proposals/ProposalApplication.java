package io.conclave.mls.group.proposals;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.group.AddedMember;
import io.conclave.mls.group.ProposalProvenance;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.ExternalInit;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.PreSharedKey;
import io.conclave.mls.messages.PreSharedKeyId;
import io.conclave.mls.messages.ReInit;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.Update;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A commit's proposal list, validated (RFC 9420 §12.2) and applied in the order of §12.3 to a copy
 * of the tree: GroupContextExtensions, Updates, Removes, Adds (in list order), then the PSKs and
 * the ExternalInit are collected for the key schedule.
 */
public final class ProposalApplication {
  private final TreeState tree;
  private final List<Extension> extensions;
  private final List<LeafIndex> added = new ArrayList<>();
  private final List<KeyPackage> addedKeyPackages = new ArrayList<>();
  private final List<AddedMember> addedMembers = new ArrayList<>();
  private final List<ProposalProvenance> provenance = new ArrayList<>();
  private Optional<List<Extension>> newGroupContextExtensions = Optional.empty();
  private final List<LeafIndex> removed = new ArrayList<>();
  private final Map<LeafIndex, LeafNode> updated = new HashMap<>();
  private final List<PreSharedKeyId> psks = new ArrayList<>();
  private final Optional<byte[]> externalInit;
  private final boolean pathRequired;
  private final boolean reinit;

  private ProposalApplication(TreeState tree, List<Extension> extensions, Optional<byte[]> externalInit,
      boolean pathRequired, boolean reinit) {
    this.tree = tree;
    this.extensions = extensions;
    this.externalInit = externalInit;
    this.pathRequired = pathRequired;
    this.reinit = reinit;
  }

  /**
   * Validates {@code proposals} for a commit from {@code committer} and applies them to a copy of
   * {@code tree}.
   *
   * @param committer the committing member, or {@link Sender.NewMemberCommit} for an external commit
   * @param checks carries the suite, leaf validation and the application's credential check; every
   *     proposal is checked again here, so proposals by value need no earlier check
   */
  public static ProposalApplication apply(List<CachedProposal> proposals, Sender committer, TreeState tree,
      byte[] groupId, List<Extension> extensions, ProposalChecks checks) {
    boolean external = committer instanceof Sender.NewMemberCommit;
    if (external) {
      validateExternal(proposals);
    } else {
      validateRegular(proposals, (Sender.Member) committer, tree);
    }
    List<Extension> newExtensions = extensions;
    boolean pathRequired = proposals.isEmpty();
    boolean reinit = false;
    Optional<byte[]> externalInit = Optional.empty();
    for (CachedProposal p : proposals) {
      switch (p.proposal()) {
        case GroupContextExtensions gce -> newExtensions = gce.extensions();
        case ExternalInit init -> externalInit = Optional.of(init.kemOutput());
        case ReInit r -> reinit = true;
        default -> { }
      }
      int type = p.proposal().proposalType();
      pathRequired |= type == Update.TYPE || type == Remove.TYPE || type == ExternalInit.TYPE
          || type == GroupContextExtensions.TYPE;
    }
    ProposalApplication result = new ProposalApplication(tree.copy(), newExtensions, externalInit,
        pathRequired, reinit);
    result.run(proposals, groupId, checks, external);
    return result;
  }

  private void run(List<CachedProposal> proposals, byte[] groupId, ProposalChecks checks, boolean external) {
    for (CachedProposal p : proposals) {
      provenance.add(new ProposalProvenance(p.proposal().proposalType(), p.sender(), p.byReference()));
      if (p.proposal() instanceof GroupContextExtensions) {
        newGroupContextExtensions = Optional.of(extensions);
      }
    }
    for (CachedProposal p : proposals) {
      if (external) {
        // The types were checked by validateExternal; an ExternalInit has nothing more to check.
        if (!(p.proposal() instanceof ExternalInit)) {
          checks.checkContent(p.proposal(), p.sender(), tree, groupId, extensions);
        }
      } else {
        checks.check(p.proposal(), p.sender(), tree, groupId, extensions);
      }
    }
    for (CachedProposal p : proposals) {
      if (p.proposal() instanceof Update u) {
        LeafIndex leaf = new LeafIndex((int) ((Sender.Member) p.sender()).leafIndex());
        checks.leafValidator().validateForGroup(u.leafNode(), tree, leaf, groupId, extensions);
        tree.updateLeaf(leaf, u.leafNode());
        updated.put(leaf, u.leafNode());
      }
    }
    for (CachedProposal p : proposals) {
      if (p.proposal() instanceof Remove r) {
        LeafIndex leaf = new LeafIndex((int) r.removed());
        tree.removeLeaf(leaf);
        removed.add(leaf);
      }
    }
    for (CachedProposal p : proposals) {
      if (p.proposal() instanceof Add a) {
        LeafNode leaf = a.keyPackage().leafNode();
        LeafIndex position = leftmostBlank(tree);
        checks.leafValidator().validateForGroup(leaf, tree, position, groupId, extensions);
        LeafIndex at = tree.addLeaf(leaf);
        added.add(at);
        addedKeyPackages.add(a.keyPackage());
        addedMembers.add(new AddedMember(at, a.keyPackage(), p.sender(), p.byReference()));
      }
    }
    for (CachedProposal p : proposals) {
      if (p.proposal() instanceof PreSharedKey psk) {
        psks.add(psk.psk());
      }
    }
    if (proposals.stream().anyMatch(p -> p.proposal() instanceof GroupContextExtensions)) {
      checkExtensionSupport(checks);
    }
  }

  /** §12.1.7: every member after the commit supports the new required capabilities and extensions. */
  private void checkExtensionSupport(ProposalChecks checks) {
    for (LeafIndex leaf : tree.nonBlankLeaves()) {
      LeafNode node = tree.leaf(leaf).orElseThrow();
      try {
        checks.leafValidator().verifyRequiredCapabilities(node, extensions);
      } catch (ProtocolException e) {
        throw new ProtocolException(Rule.EXTENSIONS_UNSUPPORTED, e.getMessage());
      }
      for (Extension e : extensions) {
        if (!isDefaultExtension(e.type()) && !node.capabilities().extensions().contains(e.type())) {
          throw new ProtocolException(Rule.EXTENSIONS_UNSUPPORTED,
              "member " + leaf.value() + " does not support extension " + e.type());
        }
      }
    }
  }

  /** The extension types of RFC 9420 §17.3 every client supports. */
  public static boolean isDefaultExtension(int type) {
    return type >= 1 && type <= 5;
  }

  /** Where the next Add goes (§12.1.1): the leftmost blank leaf, or the first leaf past the tree. */
  public static LeafIndex leftmostBlank(TreeState tree) {
    int i = 0;
    while (i < tree.leafCount() && tree.leaf(new LeafIndex(i)).isPresent()) {
      i++;
    }
    return new LeafIndex(i);
  }

  /** The §12.2 rules for a regular commit. */
  private static void validateRegular(List<CachedProposal> proposals, Sender.Member committer, TreeState tree) {
    long me = committer.leafIndex();
    Set<Long> touched = new HashSet<>();
    Set<Long> removedLeaves = new HashSet<>();
    Set<ByteBuffer> addedKeys = new HashSet<>();
    Set<ByteBuffer> pskIds = new HashSet<>();
    int gce = 0;
    boolean hasReInit = false;
    for (CachedProposal p : proposals) {
      // §12.2 before §12.1.8: an ExternalInit by value has the committer (a member) as sender,
      // which the sender-type rule would report less precisely.
      if (p.proposal() instanceof ExternalInit) {
        throw new ProtocolException(Rule.LIST_EXTERNAL_INIT, "ExternalInit in a regular commit");
      }
      ProposalChecks.checkSender(p.proposal(), p.sender());
      switch (p.proposal()) {
        case Update u -> {
          long sender = ((Sender.Member) p.sender()).leafIndex();
          if (sender == me) {
            throw new ProtocolException(Rule.LIST_UPDATE_BY_COMMITTER, "the committer's own Update");
          }
          if (!touched.add(sender)) {
            throw new ProtocolException(Rule.LIST_SAME_LEAF, "leaf " + sender + " updated or removed twice");
          }
        }
        case Remove r -> {
          if (r.removed() == me) {
            throw new ProtocolException(Rule.LIST_REMOVE_COMMITTER, "the commit removes its committer");
          }
          if (!touched.add(r.removed())) {
            throw new ProtocolException(Rule.LIST_SAME_LEAF, "leaf " + r.removed() + " updated or removed twice");
          }
          removedLeaves.add(r.removed());
        }
        case Add a -> {
          if (!addedKeys.add(ByteBuffer.wrap(a.keyPackage().leafNode().signatureKey()))) {
            throw new ProtocolException(Rule.LIST_DUPLICATE_ADD, "two Adds with one signature key");
          }
        }
        case PreSharedKey psk -> {
          if (!pskIds.add(ByteBuffer.wrap(psk.psk().toBytes()))) {
            throw new ProtocolException(Rule.LIST_DUPLICATE_PSK, "one PreSharedKeyID twice");
          }
        }
        case GroupContextExtensions g -> gce++;
        case ReInit r -> hasReInit = true;
        case ExternalInit e -> throw new ProtocolException(Rule.LIST_EXTERNAL_INIT,
            "ExternalInit in a regular commit");
      }
    }
    if (gce > 1) {
      throw new ProtocolException(Rule.LIST_MULTIPLE_GCE, gce + " GroupContextExtensions proposals");
    }
    if (hasReInit && proposals.size() > 1) {
      throw new ProtocolException(Rule.LIST_REINIT_NOT_ALONE, "ReInit with other proposals");
    }
    if (!addedKeys.isEmpty()) {
      for (LeafIndex leaf : tree.nonBlankLeaves()) {
        if (!removedLeaves.contains((long) leaf.value())
            && addedKeys.contains(ByteBuffer.wrap(tree.leaf(leaf).orElseThrow().signatureKey()))) {
          throw new ProtocolException(Rule.LIST_ADD_MEMBER, "Add of member at leaf " + leaf.value());
        }
      }
    }
  }

  /** The §12.2 rules for an external commit. */
  private static void validateExternal(List<CachedProposal> proposals) {
    int inits = 0;
    int removes = 0;
    for (CachedProposal p : proposals) {
      if (p.byReference()) {
        throw new ProtocolException(Rule.EXTERNAL_BY_REFERENCE, "external commit with a proposal by reference");
      }
      switch (p.proposal()) {
        case ExternalInit e -> inits++;
        case Remove r -> removes++;
        case PreSharedKey psk -> { }
        default -> throw new ProtocolException(Rule.EXTERNAL_PROPOSAL_TYPES,
            "proposal type " + p.proposal().proposalType() + " in an external commit");
      }
    }
    if (inits != 1) {
      throw new ProtocolException(Rule.EXTERNAL_ONE_INIT, inits + " ExternalInit proposals");
    }
    if (removes > 1) {
      throw new ProtocolException(Rule.EXTERNAL_ONE_REMOVE, removes + " Remove proposals");
    }
  }

  /**
   * RFC 9420 §12.2 (external commits), §12.4.3.2: "If a Remove proposal is present, then the
   * LeafNode in the path field of the external Commit MUST meet the same criteria as would the
   * LeafNode in an Update for the removed leaf [...] the credential in the LeafNode MUST present a
   * set of identifiers that is acceptable to the application for the removed participant." So a
   * joiner may remove only its own earlier leaf (a resync): the application's
   * {@link io.conclave.mls.group.CredentialValidator#isValidSuccessor} must accept the path leaf's
   * credential and signature key as a successor of the removed leaf's, always asked (by default:
   * equal credentials).
   *
   * @param tree the tree before the commit
   * @throws ProtocolException {@link Rule#EXTERNAL_REMOVE_NOT_SELF}
   */
  public static void checkResyncRemove(List<CachedProposal> proposals, TreeState tree, Credential newCredential,
      byte[] newSignatureKey, ProposalChecks checks) {
    for (CachedProposal p : proposals) {
      if (p.proposal() instanceof Remove r) {
        LeafNode old = tree.leaf(new LeafIndex((int) r.removed())).orElseThrow(() ->
            new ProtocolException(Rule.REMOVE_BLANK, "leaf " + r.removed() + " is blank"));
        checks.requireSuccessor(old, newCredential, newSignatureKey, Rule.EXTERNAL_REMOVE_NOT_SELF);
      }
    }
  }

  /** The tree after the proposals (and, once merged, the path). */
  public TreeState tree() {
    return tree;
  }

  public List<Extension> extensions() {
    return extensions;
  }

  public List<LeafIndex> added() {
    return List.copyOf(added);
  }

  public List<KeyPackage> addedKeyPackages() {
    return List.copyOf(addedKeyPackages);
  }

  /** The added members with the provenance of their Adds, in the order of {@link #added()}. */
  public List<AddedMember> addedMembers() {
    return List.copyOf(addedMembers);
  }

  /** Who proposed each covered proposal and how it was included, in commit order. */
  public List<ProposalProvenance> provenance() {
    return List.copyOf(provenance);
  }

  /** The new group context extensions if a GroupContextExtensions proposal was covered. */
  public Optional<List<Extension>> newGroupContextExtensions() {
    return newGroupContextExtensions;
  }

  public List<LeafIndex> removed() {
    return List.copyOf(removed);
  }

  /** The leaves replaced by Update proposals, with their new leaf nodes. */
  public Map<LeafIndex, LeafNode> updated() {
    return Map.copyOf(updated);
  }

  public List<PreSharedKeyId> psks() {
    return List.copyOf(psks);
  }

  public Optional<byte[]> externalInit() {
    return externalInit.map(byte[]::clone);
  }

  public boolean pathRequired() {
    return pathRequired;
  }

  public boolean reinit() {
    return reinit;
  }
}
