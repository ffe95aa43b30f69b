package io.conclave.server.ds;

import io.conclave.mls.framing.ContentType;
import io.conclave.mls.framing.WireFormat;
import io.conclave.protocol.Ids;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.RosterEntry;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.routing.ParticipantRouter;
import io.conclave.server.store.MeetingStore;
import io.conclave.server.store.ProposalRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLS Delivery Service (RFC 9420 §16.10 ordering; DESIGN.md "Meeting lifecycle"): accepts the
 * first valid commit of each epoch and rejects the rest, forwards handshake and application
 * messages to members, routes Welcomes, keeps the latest GroupInfo, and, as external sender,
 * proposes the removal of participants that left. It reads only clear MLS header fields.
 *
 * <p>Every method must be called holding the lock of the {@link GroupState} it is given.
 */
public final class DeliveryService {
  private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

  /** Reasons of {@link ServerMessage.CommitRejected} (docs/PROTOCOL.md). */
  public static final String STALE_EPOCH = "stale_epoch";
  public static final String FUTURE_EPOCH = "future_epoch";
  public static final String UNKNOWN_PARTICIPANT = "unknown_participant";
  public static final String LEAF_IN_USE = "leaf_in_use";
  /** A leaf index beyond any tree this server handles (2^31 - 1). */
  public static final String INVALID_LEAF = "invalid_leaf";

  private final MeetingStore store;
  private final ParticipantRouter router;
  private final ExternalSenderKey serverKey;
  private final DsStats stats;

  public DeliveryService(MeetingStore store, ParticipantRouter router, ExternalSenderKey serverKey, DsStats stats) {
    this.store = store;
    this.router = router;
    this.serverKey = serverKey;
    this.stats = stats;
  }

  /** The creator registers the group with its epoch-0 GroupInfo and becomes the member at leaf 0. */
  public void register(GroupState g, String from, byte[] groupInfo) {
    if (g.epoch >= 0) {
      throw new Violation(CloseCode.OUT_OF_ORDER, "group already registered");
    }
    MlsEnvelope info = MlsEnvelope.parse(groupInfo, "groupInfo")
        .requireWireFormat(WireFormat.GROUP_INFO, "groupInfo").requireGroup(g.groupId(), "groupInfo");
    if (info.epoch() != 0) {
      throw new Violation(CloseCode.MALFORMED, "registered GroupInfo must be of epoch 0");
    }
    ParticipantState creator = g.participants.get(from);
    g.epoch = 0;
    g.groupInfo = groupInfo.clone();
    creator.leaf = 0L;
    g.rosterChanged();
    store.saveGroup(g.meetingId(), 0, groupInfo);
    store.saveParticipant(creator.toRecord(g.meetingId()));
    router.send(g.meetingId(), from, new ServerMessage.Registered());
    sendJoinRequests(g, from);
    log.info("meeting {}: group registered", g.meetingId());
  }

  /** A joiner's KeyPackage goes to every connected member; it is kept for members who connect later. */
  public void joinRequest(GroupState g, String from, byte[] keyPackage) {
    MlsEnvelope.parse(keyPackage, "keyPackage").requireWireFormat(WireFormat.KEY_PACKAGE, "keyPackage");
    if (g.participants.get(from).leaf != null) {
      throw new Violation(CloseCode.OUT_OF_ORDER, "a member cannot ask to join");
    }
    g.joinRequests.put(from, keyPackage.clone());
    toMembers(g, from, new ServerMessage.JoinRequest(from, keyPackage));
  }

  /** Orders a commit: the first valid one of the current epoch wins (RFC 9420 §14). */
  public void commit(GroupState g, String from, ClientMessage.Commit c) {
    long start = System.nanoTime();
    if (g.epoch < 0) {
      throw new Violation(CloseCode.OUT_OF_ORDER, "commit before the group is registered");
    }
    MlsEnvelope commit = MlsEnvelope.parse(c.commit(), "commit")
        .requireFramed(ContentType.COMMIT, "commit").requireGroup(g.groupId(), "commit");
    if (commit.epoch() != c.epoch()) {
      throw new Violation(CloseCode.MALFORMED, "commit epoch differs from the MLS message's");
    }
    MlsEnvelope info = MlsEnvelope.parse(c.groupInfo(), "groupInfo")
        .requireWireFormat(WireFormat.GROUP_INFO, "groupInfo").requireGroup(g.groupId(), "groupInfo");
    if (info.epoch() != c.epoch() + 1) {
      throw new Violation(CloseCode.MALFORMED, "groupInfo must be of the commit's next epoch");
    }
    if (c.welcome() != null) {
      MlsEnvelope.parse(c.welcome(), "welcome").requireWireFormat(WireFormat.WELCOME, "welcome");
    }
    if (c.epoch() != g.epoch) {
      reject(g, from, c.epoch(), c.epoch() < g.epoch ? STALE_EPOCH : FUTURE_EPOCH);
      return;
    }
    String invalid = rosterProblem(g, c);
    if (invalid != null) {
      reject(g, from, c.epoch(), invalid);
      return;
    }
    accept(g, from, c);
    stats.commitAccepted(System.nanoTime() - start);
  }

  private String rosterProblem(GroupState g, ClientMessage.Commit c) {
    Set<Long> removed = new HashSet<>(c.removed());
    Map<Long, String> newLeaves = new HashMap<>();
    for (RosterEntry e : c.added()) {
      if (e.leaf() > Integer.MAX_VALUE) {
        return INVALID_LEAF;
      }
      if (!g.participants.containsKey(e.participant())) {
        return UNKNOWN_PARTICIPANT;
      }
      boolean taken = g.holderOf(e.leaf()).filter(p -> !removed.contains(e.leaf())).isPresent();
      if (taken || newLeaves.put(e.leaf(), e.participant()) != null) {
        return LEAF_IN_USE;
      }
    }
    return null;
  }

  private void reject(GroupState g, String from, long epoch, String reason) {
    stats.commitRejected();
    router.send(g.meetingId(), from, new ServerMessage.CommitRejected(epoch, g.epoch, reason));
    log.info("meeting {}: commit for epoch {} from {} rejected: {}", g.meetingId(), epoch, from, reason);
  }

  private void accept(GroupState g, String from, ClientMessage.Commit c) {
    List<String> recipients = g.participants.values().stream()
        .filter(p -> p.leaf != null && !p.id().equals(from)).map(ParticipantState::id).toList();
    long next = c.epoch() + 1;
    g.epoch = next;
    g.groupInfo = c.groupInfo().clone();
    g.proposals.clear();
    store.saveGroup(g.meetingId(), next, c.groupInfo());
    for (long leaf : c.removed()) {
      g.holderOf(leaf).ifPresent(p -> {
        p.leaf = null;
        store.saveParticipant(p.toRecord(g.meetingId()));
      });
    }
    for (RosterEntry e : c.added()) {
      ParticipantState p = g.participants.get(e.participant());
      p.leaf = e.leaf();
      g.joinRequests.remove(p.id());
      store.saveParticipant(p.toRecord(g.meetingId()));
    }
    g.rosterChanged();
    router.send(g.meetingId(), from, new ServerMessage.CommitAccepted(next));
    recipients.forEach(id -> router.send(g.meetingId(), id, new ServerMessage.Commit(from, c.epoch(), c.commit())));
    if (c.welcome() != null) {
      c.added().forEach(e -> router.send(g.meetingId(), e.participant(), new ServerMessage.Welcome(next, c.welcome())));
    }
    // New members (by Welcome, or an external committer after its commit_accepted) missed the
    // join requests made before they entered.
    c.added().forEach(e -> sendJoinRequests(g, e.participant()));
    log.info("meeting {}: epoch {} committed by {} (+{} -{})", g.meetingId(), next, from, c.added().size(),
        c.removed().size());
    g.participants.values().stream().filter(p -> p.hasLeft() && p.leaf != null).toList()
        .forEach(p -> proposeRemove(g, p));
  }

  /** A proposal of the current epoch is kept until the next commit and forwarded to members. */
  public void proposal(GroupState g, String from, byte[] proposal) {
    requireRegistered(g);
    MlsEnvelope p = MlsEnvelope.parse(proposal, "proposal")
        .requireFramed(ContentType.PROPOSAL, "proposal").requireGroup(g.groupId(), "proposal");
    if (p.epoch() != g.epoch) {
      log.debug("meeting {}: proposal for epoch {} dropped at epoch {}", g.meetingId(), p.epoch(), g.epoch);
      return;
    }
    addProposal(g, from, proposal);
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
    g.joinRequests.forEach((joiner, kp) -> router.send(g.meetingId(), to, new ServerMessage.JoinRequest(joiner, kp)));
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
    g.joinRequests.remove(p.id());
    store.saveParticipant(p.toRecord(g.meetingId()));
    log.info("meeting {}: participant {} left", g.meetingId(), p.id());
    if (p.leaf != null && g.epoch >= 0) {
      proposeRemove(g, p);
    }
  }

  private void proposeRemove(GroupState g, ParticipantState p) {
    addProposal(g, Ids.SERVER, serverKey.proposeRemove(g.groupId(), g.epoch, p.leaf));
  }

  private void addProposal(GroupState g, String from, byte[] proposal) {
    store.addProposal(new ProposalRecord(g.meetingId(), g.epoch, g.proposals.size(), from, proposal));
    g.proposals.add(new GroupState.Pending(from, proposal.clone()));
    toMembers(g, from, new ServerMessage.Proposal(from, g.epoch, proposal));
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
