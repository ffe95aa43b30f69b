package io.conclave.admission;

import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.group.PublicCommit;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.ExternalInit;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.PreSharedKey;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.mls.messages.ReInit;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.Update;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the {@linkplain AdmissionRules.CommitFacts facts} of a received commit before it is applied
 * (docs/PROTOCOL.md, "Admission decisions"): who committed it, each proposal's type, proposer and
 * whether it came by value or by reference, whether each Add's invite proof verifies against the
 * epoch's invite key and whether its KeyPackage was seen before, and what a GroupContextExtensions
 * proposal changes. It reads the commit as a PublicMessage (the form Conclave commits travel in);
 * the signature is verified when the group then processes the commit, and the facts count only if
 * that succeeds.
 */
public final class CommitInspection {
  private final AdmissionRules.CommitFacts facts;
  private final List<KeyPackage> adds;
  private final List<Integer> removedByValue;

  private CommitInspection(AdmissionRules.CommitFacts facts, List<KeyPackage> adds, List<Integer> removedByValue) {
    this.facts = facts;
    this.adds = List.copyOf(adds);
    this.removedByValue = List.copyOf(removedByValue);
  }

  /**
   * The epoch a commit is judged in.
   *
   * @param meetingId also the group id
   * @param extensions the group context extensions of the commit's epoch
   * @param members leaf index to signature key, of the commit's epoch
   * @param storedProposals proposal ref to sender of every proposal this member stored in the epoch
   * @param seenKeyPackage whether a KeyPackage (by its ref) was added before in this meeting
   */
  public record Epoch(String meetingId, List<Extension> extensions, Map<Integer, byte[]> members,
      Map<ByteBuffer, StoredProposal> storedProposals, Predicate<KeyPackage> seenKeyPackage) {
    public Epoch {
      Objects.requireNonNull(meetingId);
      extensions = List.copyOf(extensions);
      members = Map.copyOf(members);
      storedProposals = Map.copyOf(storedProposals);
      Objects.requireNonNull(seenKeyPackage);
    }

    boolean isHost(long leaf) {
      byte[] key = members.get((int) leaf);
      return key != null && Hosts.from(extensions).map(h -> h.isHost(key)).orElse(false);
    }
  }

  /** A proposal stored for commits by reference, with its sender. */
  public record StoredProposal(Sender sender, Proposal proposal) {}

  /**
   * @return the facts, or empty if {@code commit} is not a PublicMessage commit or names a
   *     proposal this member has not stored (the group would refuse to process it anyway)
   */
  public static Optional<CommitInspection> of(MlsMessage commit, Epoch epoch) {
    if (!(commit.body() instanceof MlsMessage.Public p)) {
      return Optional.empty();
    }
    FramedContent content = p.message().content();
    if (!(content.content() instanceof Content.CommitContent cc)) {
      return Optional.empty();
    }
    Commit c = cc.commit();
    Sender committer = content.sender();
    boolean isMember = committer instanceof Sender.Member;
    boolean committerIsHost = committer instanceof Sender.Member m && epoch.isHost(m.leafIndex());
    List<AdmissionRules.ProposalFact> facts = new ArrayList<>();
    List<KeyPackage> adds = new ArrayList<>();
    List<Integer> removedByValue = new ArrayList<>();
    Optional<byte[]> inviteKey = InviteKey.from(epoch.extensions());
    for (ProposalOrRef por : c.proposals()) {
      Proposal proposal;
      AdmissionRules.Proposer proposer;
      boolean byReference;
      switch (por) {
        case ProposalOrRef.Inline in -> {
          proposal = in.proposal();
          proposer = AdmissionRules.Proposer.COMMITTER;
          byReference = false;
        }
        case ProposalOrRef.Reference ref -> {
          StoredProposal stored = epoch.storedProposals().get(ByteBuffer.wrap(ref.proposalRef()));
          if (stored == null) {
            return Optional.empty();
          }
          proposal = stored.proposal();
          proposer = proposerOf(stored.sender(), committer);
          byReference = true;
        }
      }
      KeyPackage added = proposal instanceof Add add ? add.keyPackage() : null;
      if (added != null) {
        adds.add(added);
      } else if (proposal instanceof Remove remove && !byReference) {
        removedByValue.add((int) remove.removed());
      }
      List<Extension> newExtensions = proposal instanceof GroupContextExtensions gce ? gce.extensions() : null;
      facts.add(fact(typeOf(proposal.proposalType()), proposer, byReference, added, newExtensions, epoch, inviteKey));
    }
    return Optional.of(new CommitInspection(new AdmissionRules.CommitFacts(
        isMember ? AdmissionRules.CommitterKind.MEMBER : AdmissionRules.CommitterKind.NEW_MEMBER_COMMIT,
        committerIsHost, facts), adds, removedByValue));
  }

  public AdmissionRules.CommitFacts facts() {
    return facts;
  }

  /**
   * The facts of a commit the relay verified against the public group ({@code PublicGroup}): they
   * need only public state, so the relay refuses what every honest member would refuse, and the
   * meeting does not stall on it, and judges each Add as members do (docs/PROTOCOL.md, "Admission
   * decisions"). Only whether a KeyPackage was seen before depends on who looks: the relay has seen
   * every Add since it followed the group, a member only those since it joined.
   *
   * @param epoch the commit's epoch: its extensions and members ({@link Epoch#storedProposals()} is
   *     not used: the relay already resolved every proposal by reference)
   */
  public static AdmissionRules.CommitFacts publicFacts(PublicCommit commit, Epoch epoch) {
    boolean isMember = commit.sender() instanceof Sender.Member;
    boolean committerIsHost = commit.sender() instanceof Sender.Member m && epoch.isHost(m.leafIndex());
    Optional<byte[]> inviteKey = InviteKey.from(epoch.extensions());
    List<AdmissionRules.ProposalFact> facts = new ArrayList<>();
    int adds = 0;
    for (PublicCommit.Proposed p : commit.proposals()) {
      AdmissionRules.Type type = typeOf(p.proposalType());
      AdmissionRules.Proposer proposer = p.byReference() ? proposerOf(p.proposer(), commit.sender())
          : AdmissionRules.Proposer.COMMITTER;
      // PublicCommit.added() lists the Adds in proposal order; at most one GroupContextExtensions
      // proposal per commit (RFC 9420 §12.2), so the new context's extensions are its.
      KeyPackage added = type == AdmissionRules.Type.ADD ? commit.added().get(adds++).keyPackage() : null;
      List<Extension> newExtensions = type == AdmissionRules.Type.GCE ? commit.nextContext().extensions() : null;
      facts.add(fact(type, proposer, p.byReference(), added, newExtensions, epoch, inviteKey));
    }
    return new AdmissionRules.CommitFacts(
        isMember ? AdmissionRules.CommitterKind.MEMBER : AdmissionRules.CommitterKind.NEW_MEMBER_COMMIT,
        committerIsHost, facts);
  }

  /**
   * The leaves {@code commit} (a PublicMessage commit) removes by value, in commit order; empty for
   * anything else.
   */
  public static List<Integer> removedByValue(MlsMessage commit) {
    if (!(commit.body() instanceof MlsMessage.Public p)
        || !(p.message().content().content() instanceof Content.CommitContent cc)) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (ProposalOrRef por : cc.commit().proposals()) {
      if (por instanceof ProposalOrRef.Inline in && in.proposal() instanceof Remove r) {
        out.add((int) r.removed());
      }
    }
    return out;
  }

  private static AdmissionRules.Type typeOf(int proposalType) {
    return switch (proposalType) {
      case Add.TYPE -> AdmissionRules.Type.ADD;
      case Remove.TYPE -> AdmissionRules.Type.REMOVE;
      case Update.TYPE -> AdmissionRules.Type.UPDATE;
      case PreSharedKey.TYPE -> AdmissionRules.Type.PSK;
      case ReInit.TYPE -> AdmissionRules.Type.REINIT;
      case ExternalInit.TYPE -> AdmissionRules.Type.EXTERNAL_INIT;
      case GroupContextExtensions.TYPE -> AdmissionRules.Type.GCE;
      default -> AdmissionRules.Type.UNKNOWN;
    };
  }

  /** The KeyPackages of the commit's Adds, in commit order (the order of the new leaves, §12.3). */
  public List<KeyPackage> adds() {
    return adds;
  }

  /** The leaves the committer removed by value (a host's removal, or of unauthorised members), in commit order. */
  public List<Integer> removedByValue() {
    return removedByValue;
  }

  private static AdmissionRules.Proposer proposerOf(Sender sender, Sender committer) {
    return switch (sender) {
      case Sender.Member m -> committer.equals(m) ? AdmissionRules.Proposer.COMMITTER : AdmissionRules.Proposer.MEMBER;
      case Sender.External e -> e.senderIndex() == 0 ? AdmissionRules.Proposer.EXTERNAL0
          : AdmissionRules.Proposer.EXTERNAL_OTHER;
      default -> AdmissionRules.Proposer.NEW_MEMBER;
    };
  }

  /**
   * One proposal's facts, the same for members ({@link #of}) and the relay ({@link #publicFacts}):
   * for an Add ({@code added}), whether its proof verifies against the epoch's invite key and whether
   * its KeyPackage was seen; for a GroupContextExtensions ({@code newExtensions}), what it changes.
   */
  private static AdmissionRules.ProposalFact fact(AdmissionRules.Type type, AdmissionRules.Proposer proposer,
      boolean byReference, KeyPackage added, List<Extension> newExtensions, Epoch epoch, Optional<byte[]> inviteKey) {
    boolean proofValid = added != null && inviteKey.isPresent()
        && InviteProof.verify(inviteKey.get(), epoch.meetingId(), added);
    boolean seen = added != null && epoch.seenKeyPackage().test(added);
    Optional<AdmissionRules.ExtensionChange> change = newExtensions == null ? Optional.empty()
        : Optional.of(changeOf(epoch.extensions(), newExtensions));
    return new AdmissionRules.ProposalFact(type, proposer, byReference, proofValid, seen, change);
  }

  /** What replacing {@code before} with {@code after} changes, in the terms of the decision table. */
  static AdmissionRules.ExtensionChange changeOf(List<Extension> before, List<Extension> after) {
    boolean externalSendersChanged = !sameData(before, after, ExternalSenders.EXTENSION_TYPE);
    boolean hostsValid;
    try {
      hostsValid = Hosts.from(after).isPresent();
    } catch (RuntimeException e) {
      hostsValid = false;
    }
    boolean inviteKeyValid = InviteKey.from(after).isPresent();
    boolean hostsChanged = !sameData(before, after, ConclaveExtensions.HOSTS);
    boolean inviteKeyChanged = !sameData(before, after, ConclaveExtensions.INVITE_KEY);
    Set<Integer> watched = Set.of(ExternalSenders.EXTENSION_TYPE, ConclaveExtensions.HOSTS,
        ConclaveExtensions.INVITE_KEY);
    List<Extension> otherBefore = before.stream().filter(e -> !watched.contains(e.type())).toList();
    List<Extension> otherAfter = after.stream().filter(e -> !watched.contains(e.type())).toList();
    boolean otherChanged = otherBefore.size() != otherAfter.size()
        || otherBefore.stream().anyMatch(e -> !sameData(otherBefore, otherAfter, e.type()));
    return new AdmissionRules.ExtensionChange(externalSendersChanged, hostsValid, inviteKeyValid, otherChanged,
        hostsChanged, inviteKeyChanged);
  }

  private static boolean sameData(List<Extension> a, List<Extension> b, int type) {
    List<byte[]> x = a.stream().filter(e -> e.type() == type).map(Extension::data).toList();
    List<byte[]> y = b.stream().filter(e -> e.type() == type).map(Extension::data).toList();
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!Arrays.equals(x.get(i), y.get(i))) {
        return false;
      }
    }
    return true;
  }
}
