package io.conclave.server.meeting;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.ds.DeliveryService;
import io.conclave.server.ds.GroupState;
import io.conclave.server.ds.ParticipantState;
import io.conclave.server.ds.Violation;
import io.conclave.server.media.ForwardingGroup;
import io.conclave.server.media.MediaEndpoint;
import io.conclave.server.media.MediaStats;
import io.conclave.server.media.QueueLimits;
import io.conclave.server.routing.Connection;
import io.conclave.server.routing.ParticipantRouter;
import io.conclave.server.store.MeetingRecord;
import io.conclave.server.store.MeetingStore;
import io.conclave.sframe.media.Track;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meetings: creation, status and closing (the HTTP API), participants entering and leaving (the
 * WebSocket session), and dispatch of their control messages to the {@link DeliveryService}. It
 * joins the lower layers (delivery service, media forwarding, routing, store) and is the only
 * place that knows all of them.
 */
public final class MeetingService {
  private static final Logger log = LoggerFactory.getLogger(MeetingService.class);

  /** A new meeting; the host token is shown once and stored only as a hash. */
  public record Created(String meetingId, String hostToken) {}

  /**
   * @param epoch -1 before the group is registered
   * @param members participants holding a leaf that have not left
   * @param online members connected now (who could let a joiner in)
   */
  public record Status(String meetingId, boolean open, long epoch, long participants, long connected, long members,
      long online) {}

  /**
   * Timeouts of a meeting's life (docs/PROTOCOL.md "Limits").
   *
   * @param idleTimeout a meeting nobody is in (every participant left) closes after this long
   * @param lobbyTimeout a participant that has not become a member this long after entering is
   *     closed with {@link CloseCode#LOBBY_TIMEOUT} and leaves
   */
  public record Lifecycle(Duration idleTimeout, Duration lobbyTimeout) {
    public static final Lifecycle DEFAULT = new Lifecycle(Duration.ofMinutes(10), Duration.ofMinutes(15));

    public Lifecycle {
      if (idleTimeout.isNegative() || idleTimeout.isZero() || lobbyTimeout.isNegative() || lobbyTimeout.isZero()) {
        throw new IllegalArgumentException("meeting timeouts must be positive");
      }
    }
  }

  /** The latest GroupInfo of a meeting's group. */
  public record GroupInfoSnapshot(long epoch, byte[] groupInfo) {}

  public enum CloseResult { CLOSED, UNKNOWN, FORBIDDEN }

  /** Why a meeting closed (logged; the close code is {@link CloseCode#MEETING_CLOSED} either way). */
  private enum Why { HOST, IDLE }

  /** The server already has its maximum number of open meetings. */
  public static final class LimitExceeded extends RuntimeException {
    LimitExceeded(String message) {
      super(message);
    }
  }

  private final MeetingStore store;
  private final ParticipantRouter router;
  private final DeliveryService ds;
  private final MeetingLimits limits;
  private final QueueLimits queueLimits;
  private final MediaStats mediaStats;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Lifecycle lifecycle;
  private final Map<String, Meeting> meetings = new ConcurrentHashMap<>();

  public MeetingService(MeetingStore store, ParticipantRouter router, DeliveryService ds, MeetingLimits limits,
      QueueLimits queueLimits, MediaStats mediaStats, ScheduledExecutorService scheduler, Clock clock) {
    this(store, router, ds, limits, queueLimits, mediaStats, scheduler, clock, Lifecycle.DEFAULT);
  }

  public MeetingService(MeetingStore store, ParticipantRouter router, DeliveryService ds, MeetingLimits limits,
      QueueLimits queueLimits, MediaStats mediaStats, ScheduledExecutorService scheduler, Clock clock,
      Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
    this.store = store;
    this.router = router;
    this.ds = ds;
    this.limits = limits;
    this.queueLimits = queueLimits;
    this.mediaStats = mediaStats;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /**
   * Loads the open meetings after a start. No one is connected yet, so every participant that has
   * not left gets its reconnect grace period from now.
   */
  public void restore() {
    for (MeetingRecord r : store.openMeetings()) {
      GroupState g = GroupState.restore(r, store.participants(r.id()), store.proposals(r.id(), r.epoch()),
          store.keyPackageRefs(r.id()));
      Meeting m = new Meeting(g, new ForwardingGroup(queueLimits, mediaStats), r.hostTokenHash());
      synchronized (g) {
        g.participants().stream().filter(p -> !p.hasLeft()).forEach(p -> startGrace(m, p.id()));
        meetings.put(r.id(), m);
        checkIdle(m);
      }
    }
    log.info("restored {} open meetings", meetings.size());
  }

  public Created create() {
    synchronized (meetings) {
      if (meetings.size() >= limits.maxMeetings()) {
        throw new LimitExceeded("the server has its maximum of " + limits.maxMeetings() + " open meetings");
      }
      String id = Tokens.random(16);
      String hostToken = Tokens.random(32);
      byte[] hash = Tokens.hash(hostToken);
      store.createMeeting(new MeetingRecord(id, hash, clock.millis(), null, -1, null));
      Meeting m = new Meeting(new GroupState(id), new ForwardingGroup(queueLimits, mediaStats), hash);
      meetings.put(id, m);
      synchronized (m.group) {
        checkIdle(m);
      }
      log.info("meeting {} created", id);
      return new Created(id, hostToken);
    }
  }

  public int openMeetings() {
    return meetings.size();
  }

  public Optional<Status> status(String meetingId) {
    Meeting m = meetings.get(meetingId);
    if (m != null) {
      synchronized (m.group) {
        return Optional.of(new Status(meetingId, !m.closed, m.group.epoch(), m.group.presentCount(),
            m.group.connectedCount(), m.group.memberCount(), m.group.onlineMemberCount()));
      }
    }
    return store.findMeeting(meetingId).map(r -> new Status(r.id(), r.isOpen(), r.epoch(), 0, 0, 0, 0));
  }

  /** What {@link #groupInfo} found: the GroupInfo, none (unknown, closed or unregistered meeting), or a wrong token. */
  public sealed interface GroupInfoResult {
    record Found(GroupInfoSnapshot snapshot) implements GroupInfoResult {}

    record NotFound() implements GroupInfoResult {}

    record Forbidden() implements GroupInfoResult {}
  }

  /** The latest GroupInfo of an open meeting, for its host only. */
  public GroupInfoResult groupInfo(String meetingId, String hostToken) {
    Meeting m = meetings.get(meetingId);
    if (m == null) {
      return new GroupInfoResult.NotFound();
    }
    synchronized (m.group) {
      if (!Tokens.matches(hostToken, m.hostTokenHash)) {
        return new GroupInfoResult.Forbidden();
      }
      return m.group.groupInfo().<GroupInfoResult>map(gi -> new GroupInfoResult.Found(
          new GroupInfoSnapshot(m.group.epoch(), gi))).orElseGet(GroupInfoResult.NotFound::new);
    }
  }

  /** Closes a meeting for its host: every connection is closed with {@link CloseCode#MEETING_CLOSED}. */
  public CloseResult close(String meetingId, String hostToken) {
    Meeting m = meetings.get(meetingId);
    if (m == null) {
      return store.findMeeting(meetingId)
          .map(r -> Tokens.matches(hostToken, r.hostTokenHash()) ? CloseResult.CLOSED : CloseResult.FORBIDDEN)
          .orElse(CloseResult.UNKNOWN);
    }
    synchronized (m.group) {
      if (!Tokens.matches(hostToken, m.hostTokenHash)) {
        return CloseResult.FORBIDDEN;
      }
      closeNow(m, Why.HOST);
    }
    return CloseResult.CLOSED;
  }

  /**
   * Closes {@code m} (its lock held): every connection gets {@link CloseCode#MEETING_CLOSED}, the
   * timers stop, media state goes, and the store keeps only the meeting's id and times.
   */
  private void closeNow(Meeting m, Why why) {
    if (m.closed) {
      return;
    }
    m.closed = true;
    store.closeMeeting(m.id(), clock.millis());
    m.graceTimers.values().forEach(t -> t.cancel(false));
    m.graceTimers.clear();
    m.lobbyTimers.values().forEach(t -> t.cancel(false));
    m.lobbyTimers.clear();
    if (m.idleTimer != null) {
      m.idleTimer.cancel(false);
      m.idleTimer = null;
    }
    router.closeAll(m.id(), CloseCode.MEETING_CLOSED);
    m.media.clear();
    meetings.remove(m.id());
    log.info("meeting {} closed ({})", m.id(), why == Why.HOST ? "by its host" : "idle: nobody in it");
  }

  /**
   * Starts the idle timer of {@code m} (its lock held) when nobody is in it: every participant
   * left. Anyone entering before it fires keeps the meeting open.
   */
  private void checkIdle(Meeting m) {
    if (m.closed || m.group.presentCount() > 0 || m.idleTimer != null) {
      return;
    }
    try {
      m.idleTimer = scheduler.schedule(() -> idleOver(m), lifecycle.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("meeting {}: no idle timer during shutdown", m.id());
    }
  }

  private void idleOver(Meeting m) {
    try {
      synchronized (m.group) {
        m.idleTimer = null;
        if (!m.closed && m.group.presentCount() == 0) {
          closeNow(m, Why.IDLE);
        }
      }
    } catch (RuntimeException e) {
      log.error("meeting {}: closing the idle meeting failed", m.id(), e);
    }
  }

  /** A participant that is still not a member when its lobby time is up leaves. */
  private void startLobbyTimer(Meeting m, String participantId) {
    try {
      m.lobbyTimers.put(participantId, scheduler.schedule(() -> lobbyOver(m, participantId),
          lifecycle.lobbyTimeout().toMillis(), TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      log.debug("meeting {}: no lobby timer during shutdown", m.id());
    }
  }

  private void lobbyOver(Meeting m, String participantId) {
    try {
      synchronized (m.group) {
        m.lobbyTimers.remove(participantId);
        Optional<ParticipantState> p = m.group.participant(participantId);
        if (m.closed || p.isEmpty() || p.get().hasLeft() || p.get().leaf() != null) {
          return;
        }
        log.info("meeting {}: participant {} not admitted within {}: seat released", m.id(), participantId,
            lifecycle.lobbyTimeout());
        ScheduledFuture<?> grace = m.graceTimers.remove(participantId);
        if (grace != null) {
          grace.cancel(false);
        }
        ds.left(m.group, p.get(), clock.millis());
        router.close(m.id(), participantId, CloseCode.LOBBY_TIMEOUT);
        checkIdle(m);
      }
    } catch (RuntimeException e) {
      log.error("meeting {}: releasing the lobby seat of {} failed", m.id(), participantId, e);
    }
  }

  /**
   * Enters a meeting as a new participant or, with a resume token, as the participant it belongs to.
   *
   * @param peers makes this connection's control connection and media endpoint for the participant id
   * @param admitted receives the session before {@code ready} is sent, so that the transport accepts
   *     the media a client may send as soon as it has read {@code ready}
   * @throws Violation with the close code for an unknown, closed or full meeting or a bad token
   */
  public <P extends Connection & MediaEndpoint> Session hello(ClientMessage.Hello hello, Function<String, P> peers,
      Consumer<Session> admitted) {
    Meeting m = meetings.get(hello.meeting());
    if (m == null) {
      boolean closed = store.findMeeting(hello.meeting()).isPresent();
      throw new Violation(closed ? CloseCode.MEETING_CLOSED : CloseCode.UNKNOWN_MEETING, "hello");
    }
    synchronized (m.group) {
      if (m.closed) {
        throw new Violation(CloseCode.MEETING_CLOSED, "hello");
      }
      long now = clock.millis();
      ParticipantState p;
      String resume;
      if (hello.resume() != null) {
        resume = hello.resume();
        p = m.group.participants().stream()
            .filter(q -> !q.hasLeft() && Tokens.matches(resume, q.resumeTokenHash()))
            .findFirst().orElseThrow(() -> new Violation(CloseCode.BAD_RESUME, "hello"));
        ScheduledFuture<?> timer = m.graceTimers.remove(p.id());
        if (timer != null) {
          timer.cancel(false);
        }
      } else {
        if (m.group.presentCount() >= limits.maxParticipants()) {
          throw new Violation(CloseCode.MEETING_FULL, "hello");
        }
        resume = Tokens.random(32);
        p = new ParticipantState(Tokens.random(12), Tokens.hash(resume), now);
        m.group.add(p);
        startLobbyTimer(m, p.id());
      }
      if (m.idleTimer != null) {
        m.idleTimer.cancel(false);
        m.idleTimer = null;
      }
      P peer = peers.apply(p.id());
      router.attach(m.id(), p.id(), peer).ifPresent(previous -> previous.close(CloseCode.REPLACED));
      Session session = new Session(m, p.id(), peer, peer, m.media.add(peer));
      admitted.accept(session);
      peer.send(new ServerMessage.Ready(p.id(), resume, m.group.epoch(), p.leaf()));
      ds.connected(m.group, p, now);
      log.info("meeting {}: participant {} {}", m.id(), p.id(), hello.resume() != null ? "resumed" : "entered");
      return session;
    }
  }

  /** One control message of an entered participant. */
  public void handle(Session session, ClientMessage message) {
    Meeting m = session.meeting();
    synchronized (m.group) {
      if (m.closed) {
        throw new Violation(CloseCode.MEETING_CLOSED, "message after close");
      }
      ParticipantState p = m.group.participant(session.participantId()).orElseThrow();
      if (p.hasLeft()) {
        throw new Violation(CloseCode.OUT_OF_ORDER, "message after bye");
      }
      String from = p.id();
      switch (message) {
        case ClientMessage.Hello h -> throw new Violation(CloseCode.OUT_OF_ORDER, "second hello");
        case ClientMessage.RegisterGroup r -> {
          if (!Tokens.matches(r.hostToken(), m.hostTokenHash)) {
            throw new Violation(CloseCode.NOT_AUTHORISED, "register_group without the host token");
          }
          ds.register(m.group, from, r.groupInfo());
        }
        case ClientMessage.JoinRequest j -> ds.joinRequest(m.group, from, j.keyPackage());
        case ClientMessage.Commit c -> ds.commit(m.group, from, c);
        case ClientMessage.Proposal q -> throw new Violation(CloseCode.OUT_OF_ORDER, "only the relay proposes");
        case ClientMessage.Application a -> ds.application(m.group, from, a.message());
        case ClientMessage.KeyframeRequest k -> keyframeRequest(m, p, k);
        case ClientMessage.Bye b -> {
          ds.left(m.group, p, clock.millis());
          checkIdle(m);
        }
        case ClientMessage.RefuseJoin r -> {
          if (p.leaf() == null) {
            throw new Violation(CloseCode.OUT_OF_ORDER, "refuse_join from a non-member");
          }
          m.group.participant(r.to()).filter(q -> q.leaf() == null && !q.hasLeft())
              .ifPresent(q -> router.send(m.id(), q.id(), new ServerMessage.JoinRefused(r.reason())));
        }
        case ClientMessage.EndMeeting e -> {
          if (!Tokens.matches(e.hostToken(), m.hostTokenHash)) {
            throw new Violation(CloseCode.NOT_AUTHORISED, "end_meeting without the host token");
          }
          closeNow(m, Why.HOST);
        }
      }
    }
  }

  /**
   * A member cannot decode another member's video: the member holding {@code leaf} is asked for a
   * keyframe, through its endpoint's per-track rate limit, so many receivers asking at once make
   * one request. A request for audio, a reserved track, the sender's own leaf, or a leaf no
   * connected participant holds is ignored: it may have raced a commit or a disconnect.
   */
  private void keyframeRequest(Meeting m, ParticipantState from, ClientMessage.KeyframeRequest k) {
    if (from.leaf() == null) {
      throw new Violation(CloseCode.OUT_OF_ORDER, "keyframe request from a non-member");
    }
    boolean video = k.track() == Track.CAMERA_VIDEO.code() || k.track() == Track.SCREEN_VIDEO.code();
    if (!video || k.leaf() == from.leaf()) {
      return;
    }
    m.group.holderOf(k.leaf()).filter(q -> !q.hasLeft())
        .ifPresent(q -> m.media.requestKeyframe(q.id(), Track.fromCode(k.track())));
  }

  /** The session's connection closed: the participant has its grace period to resume. */
  public void disconnected(Session session) {
    Meeting m = session.meeting();
    synchronized (m.group) {
      m.media.remove(session.endpoint());
      if (!router.detach(m.id(), session.participantId(), session.connection()) || m.closed) {
        return;
      }
      ParticipantState p = m.group.participant(session.participantId()).orElseThrow();
      if (p.hasLeft()) {
        return;
      }
      ds.disconnected(m.group, p, clock.millis());
      startGrace(m, p.id());
    }
  }

  private void startGrace(Meeting m, String participantId) {
    long delay = limits.reconnectGrace().toMillis();
    try {
      m.graceTimers.put(participantId,
          scheduler.schedule(() -> graceOver(m, participantId), delay, TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      // Shutting down: the grace period starts again when the meeting is restored.
      log.debug("meeting {}: no grace timer for {} during shutdown", m.id(), participantId);
    }
  }

  private void graceOver(Meeting m, String participantId) {
    try {
      synchronized (m.group) {
        m.graceTimers.remove(participantId);
        if (m.closed || router.isConnected(m.id(), participantId)) {
          return;
        }
        m.group.participant(participantId).ifPresent(p -> ds.left(m.group, p, clock.millis()));
        checkIdle(m);
      }
    } catch (RuntimeException e) {
      log.error("meeting {}: removing participant {} failed", m.id(), participantId, e);
    }
  }
}
