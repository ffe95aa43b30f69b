package io.conclave.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The admission decision table of docs/PROTOCOL.md ("Admission decisions"), as a pure function of
 * facts about one commit: refuse it (with the rule it breaks) or apply it, and then the basis of
 * each Add. Both clients implement the same table; {@code testdata/admission-scenarios.json} pins
 * it. The facts are gathered by {@link CommitInspection} from the commit itself and the group
 * state every member shares, so all honest members decide alike.
 */
public final class AdmissionRules {
  private AdmissionRules() {}

  /** Who sent the commit. */
  public enum CommitterKind { MEMBER, NEW_MEMBER_COMMIT }

  /** Who proposed a proposal the commit covers. */
  public enum Proposer {
    /** The committer, by value. */
    COMMITTER,
    /** Another member (by reference). */
    MEMBER,
    /** The relay: external sender index 0 (by reference). */
    EXTERNAL0,
    /** Another external sender index. */
    EXTERNAL_OTHER,
    /** A {@code new_member_proposal} sender. */
    NEW_MEMBER
  }

  /** Proposal types as the table names them. */
  public enum Type { ADD, REMOVE, UPDATE, PSK, REINIT, EXTERNAL_INIT, GCE, UNKNOWN }

  /** What a GroupContextExtensions proposal changes. */
  public record ExtensionChange(boolean externalSendersChanged, boolean hostsValid, boolean inviteKeyValid,
      boolean otherChanged, boolean hostsChanged, boolean inviteKeyChanged) {}

  /**
   * One proposal of the commit.
   *
   * @param proofValid for an Add: its leaf's invite proof verifies against the epoch's invite key
   * @param seen for an Add: this member saw the KeyPackage added before in this meeting
   * @param change for a GroupContextExtensions proposal
   */
  public record ProposalFact(Type type, Proposer proposer, boolean byReference, boolean proofValid, boolean seen,
      Optional<ExtensionChange> change) {
    public ProposalFact {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(proposer, "proposer");
      Objects.requireNonNull(change, "change");
    }

    public static ProposalFact of(Type type, Proposer proposer, boolean byReference) {
      return new ProposalFact(type, proposer, byReference, false, false, Optional.empty());
    }
  }

  /** The facts of one commit: its committer and its proposals in commit order. */
  public record CommitFacts(CommitterKind committer, boolean committerIsHost, List<ProposalFact> proposals) {
    public CommitFacts {
      Objects.requireNonNull(committer, "committer");
      proposals = List.copyOf(proposals);
    }
  }

  /** Rules that refuse a whole commit; {@link #id()} is the name in PROTOCOL.md and the scenarios file. */
  public enum Refusal {
    EXTERNAL_COMMIT("external_commit"),
    BY_REFERENCE("by_reference"),
    PROPOSAL_TYPE("proposal_type"),
    GCE_NOT_HOST("gce_not_host"),
    EXTERNAL_SENDERS_CHANGED("external_senders_changed"),
    HOSTS_INVALID("hosts_invalid"),
    EXTENSIONS_CHANGED("extensions_changed");

    private final String id;

    Refusal(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** A change shown to every member when the commit is applied. */
  public enum Shown {
    HOSTS_CHANGED("hosts_changed"),
    INVITE_KEY_CHANGED("invite_key_changed");

    private final String id;

    Shown(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /**
   * The verdict: a refusal, or the basis of each Add (in commit order) and the changes to show.
   */
  public record Decision(Optional<Refusal> refusal, List<Admission.Basis> adds, List<Shown> shown) {
    public Decision {
      Objects.requireNonNull(refusal, "refusal");
      adds = List.copyOf(adds);
      shown = List.copyOf(shown);
    }

    static Decision refuse(Refusal r) {
      return new Decision(Optional.of(r), List.of(), List.of());
    }

    public boolean refused() {
      return refusal.isPresent();
    }
  }

  /** Applies the table: the refusal rules in table order over the whole commit, then the Adds' bases. */
  public static Decision decide(CommitFacts facts) {
    if (facts.committer() != CommitterKind.MEMBER) {
      return Decision.refuse(Refusal.EXTERNAL_COMMIT);
    }
    List<ProposalFact> ps = facts.proposals();
    for (ProposalFact p : ps) {
      boolean relayRemove = p.type() == Type.REMOVE && p.proposer() == Proposer.EXTERNAL0;
      if ((p.byReference() || p.proposer() != Proposer.COMMITTER) && !relayRemove) {
        return Decision.refuse(Refusal.BY_REFERENCE);
      }
    }
    for (ProposalFact p : ps) {
      switch (p.type()) {
        case REINIT, PSK, EXTERNAL_INIT, UPDATE, UNKNOWN -> {
          return Decision.refuse(Refusal.PROPOSAL_TYPE);
        }
        default -> { }
      }
    }
    List<ExtensionChange> changes = ps.stream().filter(p -> p.type() == Type.GCE)
        .map(p -> p.change().orElseThrow(() -> new IllegalArgumentException("GCE fact without its change")))
        .toList();
    if (!changes.isEmpty() && !facts.committerIsHost()) {
      return Decision.refuse(Refusal.GCE_NOT_HOST);
    }
    if (changes.stream().anyMatch(ExtensionChange::externalSendersChanged)) {
      return Decision.refuse(Refusal.EXTERNAL_SENDERS_CHANGED);
    }
    if (changes.stream().anyMatch(c -> !c.hostsValid() || !c.inviteKeyValid())) {
      return Decision.refuse(Refusal.HOSTS_INVALID);
    }
    if (changes.stream().anyMatch(ExtensionChange::otherChanged)) {
      return Decision.refuse(Refusal.EXTENSIONS_CHANGED);
    }
    List<Admission.Basis> adds = new ArrayList<>();
    for (ProposalFact p : ps) {
      if (p.type() == Type.ADD) {
        Admission.Basis basis;
        if (p.seen()) {
          basis = Admission.Basis.NONE;
        } else if (p.proofValid()) {
          basis = Admission.Basis.INVITE_PROOF;
        } else if (facts.committerIsHost()) {
          basis = Admission.Basis.HOST_APPROVAL;
        } else {
          basis = Admission.Basis.NONE;
        }
        adds.add(basis);
      }
    }
    List<Shown> shown = new ArrayList<>();
    if (changes.stream().anyMatch(ExtensionChange::hostsChanged)) {
      shown.add(Shown.HOSTS_CHANGED);
    }
    if (changes.stream().anyMatch(ExtensionChange::inviteKeyChanged)) {
      shown.add(Shown.INVITE_KEY_CHANGED);
    }
    return new Decision(Optional.empty(), adds, shown);
  }
}
