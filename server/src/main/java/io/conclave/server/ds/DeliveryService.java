package io.conclave.server.ds;

import io.conclave.admission.Admission;
import io.conclave.admission.AdmissionCheck;
import io.conclave.admission.AdmissionRules;
import io.conclave.admission.CommitInspection;
import io.conclave.mls.MlsException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalPub;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.PublicCommit;
import io.conclave.mls.group.PublicGroup;
import io.conclave.mls.group.PublicGroupConfig;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.Welcome;
import io.conclave.mls.messages.WelcomeProtection;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.protocol.Ids;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.routing.ParticipantRouter;
import io.conclave.server.store.MeetingStore;
import io.conclave.server.store.ProposalRecord;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLS Delivery Service (RFC 9420 §16.10 ordering; DESIGN.md "Meeting lifecycle"): follows the
 * group with a {@link PublicGroup} (public data only, no group secret), accepts the first commit of
 * each epoch that verifies against it and rejects the rest, forwards handshake and application
 * messages to members, routes Welcomes, keeps the latest GroupInfo, and, as external sender,
 * proposes the removal of participants that left. Who holds which leaf (and so who may send and
 * receive media) changes only through the registration or a verified commit, never through what
 * a client claims.
 *
 * <p>Every method must be called holding the lock of the {@link GroupState} it is given.
 */
public final class DeliveryService {
  private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

  /** Reasons of {@link ServerMessage.CommitRejected} (docs/PROTOCOL.md). */
  public static final String STALE_EPOCH = "stale_epoch";
  public static final String FUTURE_EPOCH = "future_epoch";
  /**
   * Not a valid commit of the current epoch by the sender's own leaf: another MLS sender (another
   * leaf, an external sender, an external commit), a bad signature, proposals or a path the group
   * refuses, a ReInit.
   */
  public static final String INVALID_COMMIT = "invalid_commit";
  /** The GroupInfo is not the committer's signed GroupInfo of the epoch the commit starts. */
  public static final String INVALID_GROUP_INFO = "invalid_group_info";
  /** A Welcome is missing, superfluous, or not addressed to exactly the added KeyPackages. */
  public static final String INVALID_WELCOME = "invalid_welcome";
  /** The commit adds a KeyPackage that no participant asked to join with. */
  public static final String UNKNOWN_KEY_PACKAGE = "unknown_key_package";
  /**
   * Every honest member would refuse the commit by the admission decision table (docs/PROTOCOL.md,
   * "Admission decisions"): accepting it would leave them all behind the relay's epoch.
   */
  public static final String ADMISSION_REFUSED = "admission_refused";

  /** How the relay follows groups: external commits refused, client-sized decoding bounds. */
  static final PublicGroupConfig PUBLIC_GROUP_CONFIG = PublicGroupConfig.builder()
      .allowExternalCommits(false).decodeLimits(MlsEnvelope.LIMITS).build();

  private final MeetingStore store;
  private final ParticipantRouter router;
  private final ExternalSenderKey serverKey;
  private final DsStats stats;
  private final int maxProposals;

  /** @param maxProposals the most proposals stored per epoch and meeting (the participants limit) */
  public DeliveryService(MeetingStore store, ParticipantRouter router, ExternalSenderKey serverKey, DsStats stats,
      int maxProposals) {
    if (maxProposals < 1) {
      throw new IllegalArgumentException("maxProposals must be positive");
    }
    this.store = store;
    this.router = router;
    this.serverKey = serverKey;
    this.stats = stats;
    this.maxProposals = maxProposals;
  }

  /** The relay's view of a group from one of its GroupInfos (tree and signature verified). */
  static PublicGroup followGroup(MlsMessage groupInfo) {
    return PublicGroup.fromGroupInfo(groupInfo, Optional.empty(), PUBLIC_GROUP_CONFIG);
  }

  /**
   * The creator registers the group with its epoch-0 GroupInfo and becomes the member at leaf 0.
   * The caller has checked the host token.
   */
  public void register(GroupState g, String from, byte[] groupInfo) {
    // A registered group whose members all left (e.g. the host, alone, reloaded its page) may be
    // registered anew by the host: nobody is left who could add anyone to the old one.
    boolean again = g.epoch >= 0;
    if (again && g.memberCount() > 0) {
      throw new Violation(CloseCode.OUT_OF_ORDER, "group already registered");
    }
    MlsEnvelope info = MlsEnvelope.parse(groupInfo, "groupInfo")
        .requireWireFormat(WireFormat.GROUP_INFO, "groupInfo").requireGroup(g.groupId(), "groupInfo");
    if (info.epoch() != 0) {
      throw new Violation(CloseCode.MALFORMED, "registered GroupInfo must be of epoch 0");
    }
    GroupInfo gi = groupInfoOf(info);
    String shape = groupInfoShapeProblem(gi);
    if (shape != null) {
      throw new Violation(CloseCode.MALFORMED, "registered GroupInfo " + shape);
    }
    if (gi.signer() != 0) {
      throw new Violation(CloseCode.MALFORMED, "registered GroupInfo must be signed by leaf 0");
    }
    if (!hasServerAsExternalSender(gi)) {
      throw new Violation(CloseCode.MALFORMED, "registered group lacks the server at external_senders[0]");
    }
    PublicGroup group;
    try {
      group = followGroup(info.message());
    } catch (MlsException e) {
      throw new Violation(CloseCode.MALFORMED, "registered GroupInfo does not verify: " + e.getMessage());
    }
    if (!group.members().equals(List.of(new LeafIndex(0)))) {
      throw new Violation(CloseCode.MALFORMED, "registered group must hold the creator at leaf 0 only");
    }
    ParticipantState creator = g.participants.get(from);
    if (again) {
      for (ParticipantState p : g.participants.values()) {
        if (p.leaf != null) {
          p.leaf = null;
          store.saveParticipant(p.toRecord(g.meetingId()));
        }
      }
      g.proposals.clear();
      g.departedJoinRequests.clear();
    }
    g.epoch = 0;
    g.groupInfo = groupInfo.clone();
    g.publicGroup = group;
    creator.leaf = 0L;
    creator.admitted = true;
    g.joinRequests.remove(from);
    g.rosterChanged();
    store.saveGroup(g.meetingId(), 0, groupInfo);
    store.saveParticipant(creator.toRecord(g.meetingId()));
    router.send(g.meetingId(), from, new ServerMessage.Registered());
    sendJoinRequests(g, from);
    log.info("meeting {}: group registered{}", g.meetingId(), again ? " anew (no member was left)" : "");
  }

  private static GroupInfo groupInfoOf(MlsEnvelope envelope) {
    return ((MlsMessage.GroupInfoBody) envelope.message().body()).groupInfo();
  }

  /**
   * Null if the relay may store and serve {@code gi}, else what is wrong with it: it must carry the
   * ratchet tree (the relay and Welcome-less rejoiners need it) and must not carry
   * {@code external_pub}, so that no one can join by external commit.
   */
  private static String groupInfoShapeProblem(GroupInfo gi) {
    if (gi.extensions().stream().noneMatch(e -> e.type() == RatchetTree.EXTENSION_TYPE)) {
      return "lacks the ratchet_tree extension";
    }
    if (gi.extensions().stream().anyMatch(e -> e.type() == ExternalPub.EXTENSION_TYPE)) {
      return "carries external_pub";
    }
    return null;
  }

  private boolean hasServerAsExternalSender(GroupInfo gi) {
    byte[] server = serverKey.externalSender();
    for (Extension e : gi.groupContext().extensions()) {
      if (e.type() == ExternalSenders.EXTENSION_TYPE) {
        try {
          List<ExternalSender> senders = ExternalSenders.fromExtension(e).senders();
          return senders.size() > ExternalSenderKey.SENDER_INDEX
              && Arrays.equals(senders.get(ExternalSenderKey.SENDER_INDEX).toBytes(), server);
        } catch (MlsException | IllegalArgumentException ex) {
          return false;
        }
      }
    }
    return false;
  }

  /** A joiner's KeyPackage goes to every connected member; it is kept for members who connect later. */
  public void joinRequest(GroupState g, String from, byte[] keyPackage) {
    MlsEnvelope kp = MlsEnvelope.parse(keyPackage, "keyPackage")
        .requireWireFormat(WireFormat.KEY_PACKAGE, "keyPackage");
    if (g.participants.get(from).leaf != null) {
      throw new Violation(CloseCode.OUT_OF_ORDER, "a member cannot ask to join");
    }
    byte[] encoded = ((MlsMessage.KeyPackageBody) kp.message().body()).keyPackage().toBytes();
    g.joinRequests.put(from, new GroupState.JoinRequest(keyPackage.clone(), encoded));
    toMembers(g, from, new ServerMessage.JoinRequest(from, keyPackage));
  }

  /**
   * Orders a commit: the first one of the current epoch that verifies wins (RFC 9420 §14). Only a
   * member may commit, and only as its own leaf; whom the commit adds and removes is read from the
   * verified commit.
   */
  public void commit(GroupState g, String from, ClientMessage.Commit c) {
    long start = System.nanoTime();
    requireRegistered(g);
    ParticipantState sender = g.participants.get(from);
    if (sender.leaf == null) {
      throw new Violation(CloseCode.OUT_OF_ORDER, "commit from a non-member");
    }
    MlsEnvelope commit = MlsEnvelope.parse(c.commit(), "commit")
        .requireWireFormat(WireFormat.PUBLIC_MESSAGE, "commit")
        .requireFramed(ContentType.COMMIT, "commit").requireGroup(g.groupId(), "commit");
    if (commit.epoch() != c.epoch()) {
      throw new Violation(CloseCode.MALFORMED, "commit epoch differs from the MLS message's");
    }
    MlsEnvelope info = MlsEnvelope.parse(c.groupInfo(), "groupInfo")
        .requireWireFormat(WireFormat.GROUP_INFO, "groupInfo").requireGroup(g.groupId(), "groupInfo");
    if (info.epoch() != c.epoch() + 1) {
      throw new Violation(CloseCode.MALFORMED, "groupInfo must be of the commit's next epoch");
    }
    Welcome welcome = null;
    if (c.welcome() != null) {
      MlsEnvelope w = MlsEnvelope.parse(c.welcome(), "welcome").requireWireFormat(WireFormat.WELCOME, "welcome");
      welcome = ((MlsMessage.WelcomeBody) w.message().body()).welcome();
    }
    if (c.epoch() != g.epoch) {
      reject(g, from, c.epoch(), c.epoch() < g.epoch ? STALE_EPOCH : FUTURE_EPOCH, "");
      return;
    }
    PublicGroup group = g.publicGroup;
    if (group == null) {
      throw new Violation(CloseCode.SERVER_ERROR, "the group's public state could not be restored");
    }
    Sender mlsSender = ((MlsMessage.Public) commit.message().body()).message().content().sender();
    if (!(mlsSender instanceof Sender.Member m) || m.leafIndex() != sender.leaf) {
      reject(g, from, c.epoch(), INVALID_COMMIT, "MLS sender " + mlsSender + " is not leaf " + sender.leaf);
      return;
    }
    PublicCommit verified;
    try {
      verified = group.verifyCommit(commit.message());
    } catch (MlsException e) {
      reject(g, from, c.epoch(), INVALID_COMMIT, e.getMessage());
      return;
    }
    if (verified.external() || verified.reinit() || verified.committer().value() != sender.leaf) {
      reject(g, from, c.epoch(), INVALID_COMMIT, "external commit, ReInit, or the committer moved");
      return;
    }
    CipherSuite suite = group.cipherSuite();
    AdmissionRules.CommitFacts facts = CommitInspection.publicFacts(verified, new CommitInspection.Epoch(
        g.meetingId(), group.groupContext().extensions(), AdmissionCheck.members(group.ratchetTree()), Map.of(),
        kp -> g.addedKeyPackages.contains(refOf(suite, kp))));
    AdmissionRules.Decision decision = AdmissionRules.decide(facts);
    if (decision.refused()) {
      reject(g, from, c.epoch(), ADMISSION_REFUSED, decision.refusal().orElseThrow().id());
      return;
    }
    if (!facts.committerIsHost()) {
      for (int leaf : CommitInspection.removedByValue(commit.message())) {
        if (g.holderOf(leaf).map(p -> p.admitted).orElse(false)) {
          reject(g, from, c.epoch(), ADMISSION_REFUSED, "remove_not_host: leaf " + leaf);
          return;
        }
      }
    }
    Map<String, Long> added = new LinkedHashMap<>();
    Set<String> notAdmitted = new HashSet<>();
    List<Admission.Basis> bases = decision.adds();
    for (PublicCommit.Added a : verified.added()) {
      String joiner = joinerOf(g, a.keyPackage().toBytes(), added.keySet());
      if (joiner == null) {
        reject(g, from, c.epoch(), UNKNOWN_KEY_PACKAGE, "for leaf " + a.leaf().value());
        return;
      }
      added.put(joiner, (long) a.leaf().value());
      if (bases.get(added.size() - 1) == Admission.Basis.NONE) {
        notAdmitted.add(joiner);
      }
    }
    if (!welcomeMatches(group.cipherSuite(), welcome, verified)) {
      reject(g, from, c.epoch(), INVALID_WELCOME, "");
      return;
    }
    String shape = groupInfoShapeProblem(groupInfoOf(info));
    if (shape != null) {
      reject(g, from, c.epoch(), INVALID_GROUP_INFO, shape);
      return;
    }
    try {
      group.apply(verified, info.message());
    } catch (MlsException e) {
      reject(g, from, c.epoch(), INVALID_GROUP_INFO, e.getMessage());
      return;
    }
    List<String> refs = verified.added().stream().map(a -> refOf(suite, a.keyPackage())).toList();
    g.addedKeyPackages.addAll(refs);
    store.addKeyPackageRefs(g.meetingId(), refs);
    accept(g, from, c, verified, added, notAdmitted);
    stats.commitAccepted(System.nanoTime() - start);
  }

  private static String refOf(CipherSuite suite, KeyPackage kp) {
    return HexFormat.of().formatHex(WelcomeProtection.keyPackageRef(suite, kp));
  }

  /**
   * The participant, not yet a member and not in {@code taken}, whose join request carries exactly
   * {@code keyPackage} (TLS encoding); participants that left while waiting count too.
   */
  private static String joinerOf(GroupState g, byte[] keyPackage, Set<String> taken) {
    for (Map<String, GroupState.JoinRequest> requests : List.of(g.joinRequests, g.departedJoinRequests)) {
      for (Map.Entry<String, GroupState.JoinRequest> e : requests.entrySet()) {
        ParticipantState p = g.participants.get(e.getKey());
        if (p != null && p.leaf == null && !taken.contains(e.getKey())
            && MessageDigest.isEqual(e.getValue().keyPackage(), keyPackage)) {
          return e.getKey();
        }
      }
    }
    return null;
  }

  /**
   * A Welcome iff the commit adds someone, of the group's cipher suite, with one entry per added
   * KeyPackage, addressed by its KeyPackageRef (RFC 9420 §12.4.3.1).
   */
  private static boolean welcomeMatches(CipherSuite suite, Welcome welcome, PublicCommit commit) {
    if (welcome == null || commit.added().isEmpty()) {
      return welcome == null && commit.added().isEmpty();
    }
    if (welcome.cipherSuite() != suite.id() || welcome.secrets().size() != commit.added().size()) {
      return false;
    }
    Set<String> refs = new HashSet<>();
    welcome.secrets().forEach(s -> refs.add(HexFormat.of().formatHex(s.newMember())));
    return refs.size() == commit.added().size() && commit.added().stream().allMatch(a ->
        refs.contains(HexFormat.of().formatHex(WelcomeProtection.keyPackageRef(suite, a.keyPackage()))));
  }

  private void reject(GroupState g, String from, long epoch, String reason, String detail) {
    stats.commitRejected();
    router.send(g.meetingId(), from, new ServerMessage.CommitRejected(epoch, g.epoch, reason));
    log.info("meeting {}: commit for epoch {} from {} rejected: {} {}", g.meetingId(), epoch, from, reason, detail);
  }

  private void accept(GroupState g, String from, ClientMessage.Commit c, PublicCommit verified,
      Map<String, Long> added, Set<String> notAdmitted) {
    List<String> recipients = g.participants.values().stream()
        .filter(p -> p.leaf != null && !p.id().equals(from)).map(ParticipantState::id).toList();
    long next = c.epoch() + 1;
    g.epoch = next;
    g.groupInfo = c.groupInfo().clone();
    g.proposals.clear();
    store.saveGroup(g.meetingId(), next, c.groupInfo());
    for (LeafIndex leaf : verified.removed()) {
      g.holderOf(leaf.value()).ifPresent(p -> {
        p.leaf = null;
        store.saveParticipant(p.toRecord(g.meetingId()));
      });
    }
    added.forEach((id, leaf) -> {
      ParticipantState p = g.participants.get(id);
      p.leaf = leaf;
      p.admitted = !notAdmitted.contains(id);
      g.joinRequests.remove(id);
      g.departedJoinRequests.remove(id);
      store.saveParticipant(p.toRecord(g.meetingId()));
    });
    g.rosterChanged();
    router.send(g.meetingId(), from, new ServerMessage.CommitAccepted(next));
    recipients.forEach(id -> router.send(g.meetingId(), id, new ServerMessage.Commit(from, c.epoch(), c.commit())));
    if (c.welcome() != null) {
      added.keySet().forEach(id -> router.send(g.meetingId(), id, new ServerMessage.Welcome(next, c.welcome())));
    }
    // New members missed the join requests made before they entered.
    added.keySet().forEach(id -> sendJoinRequests(g, id));
    log.info("meeting {}: epoch {} committed by {} (+{} -{})", g.meetingId(), next, from, added.size(),
        verified.removed().size());
    g.participants.values().stream().filter(p -> p.hasLeft() && p.leaf != null).toList()
        .forEach(p -> proposeRemove(g, p));
  }

  /** Application messages of the current or the previous epoch go to the other members. */
  public void application(GroupState g, String from, byte[] message) {
    requireRegistered(g);
    if (g.participants.get(from).leaf == null) {
      throw new Violation(CloseCode.OUT_OF_ORDER, "application message from a non-member");
    }
    MlsEnvelope m = MlsEnvelope.parse(message, "message").requireWireFormat(WireFormat.PRIVATE_MESSAGE, "message")
        .requireFramed(ContentType.APPLICATION, "message").requireGroup(g.groupId(), "message");
    if (m.epoch() > g.epoch || m.epoch() < g.epoch - 1) {
      log.debug("meeting {}: application message of epoch {} dropped at epoch {}", g.meetingId(), m.epoch(), g.epoch);
      return;
    }
    toMembers(g, from, new ServerMessage.Application(from, message));
  }

  /** The participant connected (first time or resumed); a resumed member gets the pending proposals. */
  public void connected(GroupState g, ParticipantState p, long now) {
    p.connected = true;
    p.lastSeenAt = now;
    store.saveParticipant(p.toRecord(g.meetingId()));
    if (p.leaf != null) {
      g.proposals.forEach(q -> router.send(g.meetingId(), p.id(), new ServerMessage.Proposal(q.from(), g.epoch, q.message())));
      sendJoinRequests(g, p.id());
    }
  }

  private void sendJoinRequests(GroupState g, String to) {
    g.joinRequests.forEach((joiner, r) ->
        router.send(g.meetingId(), to, new ServerMessage.JoinRequest(joiner, r.message())));
  }

  public void disconnected(GroupState g, ParticipantState p, long now) {
    p.connected = false;
    p.lastSeenAt = now;
    store.saveParticipant(p.toRecord(g.meetingId()));
  }

  /** The participant is gone for good (bye, or its grace period ran out): propose its removal. */
  public void left(GroupState g, ParticipantState p, long now) {
    if (p.hasLeft()) {
      return;
    }
    p.leftAt = now;
    p.connected = false;
    g.rosterChanged();
    GroupState.JoinRequest request = g.joinRequests.remove(p.id());
    if (request != null) {
      g.departedJoinRequests.put(p.id(), request);
      if (p.leaf == null) {
        toMembers(g, p.id(), new ServerMessage.JoinRequestWithdrawn(p.id()));
      }
    }
    store.saveParticipant(p.toRecord(g.meetingId()));
    log.info("meeting {}: participant {} left", g.meetingId(), p.id());
    if (p.leaf != null && g.epoch >= 0) {
      proposeRemove(g, p);
    }
  }

  /**
   * As external sender, proposes removing {@code p}'s leaf in the current epoch, and stores the
   * proposal in the public view so that a commit may cover it by reference. At most
   * {@code maxProposals} per epoch; the others are proposed after the next accepted commit.
   */
  private void proposeRemove(GroupState g, ParticipantState p) {
    if (g.proposals.size() >= maxProposals) {
      log.warn("meeting {}: {} proposals stored in epoch {}; removing leaf {} waits for the next epoch",
          g.meetingId(), g.proposals.size(), g.epoch, p.leaf);
      return;
    }
    byte[] proposal = serverKey.proposeRemove(g.groupId(), g.epoch, p.leaf);
    if (g.publicGroup != null) {
      try {
        g.publicGroup.storeProposal(MlsEnvelope.parse(proposal, "proposal").message());
      } catch (MlsException e) {
        log.error("meeting {}: the relay's Remove proposal for leaf {} does not verify: {}", g.meetingId(), p.leaf,
            e.getMessage());
        return;
      }
    }
    store.addProposal(new ProposalRecord(g.meetingId(), g.epoch, g.proposals.size(), Ids.SERVER, proposal));
    g.proposals.add(new GroupState.Pending(Ids.SERVER, proposal.clone()));
    toMembers(g, Ids.SERVER, new ServerMessage.Proposal(Ids.SERVER, g.epoch, proposal));
  }

  private void toMembers(GroupState g, String except, ServerMessage message) {
    for (ParticipantState p : g.participants.values()) {
      if (p.leaf != null && !p.hasLeft() && !p.id().equals(except)) {
        router.send(g.meetingId(), p.id(), message);
      }
    }
  }

  private static void requireRegistered(GroupState g) {
    if (g.epoch < 0) {
      throw new Violation(CloseCode.OUT_OF_ORDER, "no group registered yet");
    }
  }
}
