package io.conclave.client;

import io.conclave.admission.Admission;
import io.conclave.admission.AdmissionCheck;
import io.conclave.admission.AdmissionRules;
import io.conclave.admission.Attestation;
import io.conclave.admission.CommitInspection;
import io.conclave.admission.ConclaveCredentials;
import io.conclave.admission.ConclaveExtensions;
import io.conclave.admission.Hosts;
import io.conclave.admission.InviteKey;
import io.conclave.admission.InviteProof;
import io.conclave.admission.InviteSecret;
import io.conclave.admission.JoinKeyPackage;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.SecurityCode;
import io.conclave.client.media.MediaKeys;
import io.conclave.client.transport.RelayConnection;
import io.conclave.mls.MlsException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.WelcomeProtection;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.CloseCode;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.sframe.media.MediaFrame;
import io.conclave.sframe.media.Track;
import io.conclave.sframe.mls.MlsSFrameConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The meeting state machine of one client (DESIGN.md "Meeting lifecycle"; docs/PROTOCOL.md
 * "Admission"): joins and waits for the group to authenticate itself, commits what is pending
 * (join requests, the relay's Remove proposals, removals of unauthorised members, a host's link
 * rotation), follows the relay's commit order, judges every commit before applying it, sends and
 * checks epoch beacons, and keeps media keys, roster and security code in step with the MLS epoch.
 * Every field is confined to the {@code events} thread; {@link MeetingClient} posts to it.
 */
final class MeetingSession {
  /**
   * Close codes after which reconnecting cannot help (docs/PROTOCOL.md "Close codes"); every other
   * close, including a relay restart, is followed by a reconnect.
   */
  private static final Set<Integer> TERMINAL = Set.of(CloseCode.MALFORMED.code(), CloseCode.MEETING_FULL.code(),
      CloseCode.UNKNOWN_MEETING.code(), CloseCode.NOT_AUTHORISED.code(), CloseCode.OUT_OF_ORDER.code(),
      CloseCode.MEETING_CLOSED.code(), CloseCode.LOBBY_TIMEOUT.code(), CloseCode.REPLACED.code(),
      CloseCode.TOO_LARGE.code());
  private static final long FIRST_RECONNECT_DELAY_MS = 250;

  private record Request(KeyPackage keyPackage, boolean byApproval) {}

  /**
   * Application data held back while proposals are pending (RFC 9420 §12.4). {@code epoch} is the
   * epoch the data is bound to (a beacon or an attestation names it), or -1 for data such as chat
   * that is sent in whatever epoch comes next.
   */
  private record Queued(byte[] data, long epoch) {}

  /** An own commit in flight: its facts, judged like anyone's before it is merged. */
  private record Pending(CommitInspection inspection, Optional<InviteSecret> rotation) {}

  final String meetingId;
  final DeviceIdentity identity;
  final MeetingClientConfig config;
  final MeetingListener listener;
  final CipherSuite suite;
  final GroupConfig groupConfig;
  final ScheduledExecutorService events;
  /** Completes with this client's leaf once it is a member of an authenticated group. */
  final CompletableFuture<Integer> joined = new CompletableFuture<>();
  final CompletableFuture<String> ready = new CompletableFuture<>();
  final RosterView view;

  volatile RelayConnection connection;
  /** The relay's WebSocket and the codec, for reconnecting. */
  URI relayUri;
  ControlCodec codec;
  /** The resume token of this client's seat, from the last {@code ready}; null before the first. */
  private String resumeToken;
  /** Bumped per connection: events of an older connection are ignored. */
  private volatile int generation;
  /** This client closes for good ({@link MeetingClient#close}): no reconnecting. */
  volatile boolean closing;
  /** The current connection got its {@code ready}. */
  volatile boolean online;
  private int attempt;
  /** This client was in the meeting once: chat typed while reconnecting is queued, not refused. */
  private boolean everJoined;
  /** Chat typed while the connection was down or while rejoining, sent once back in. */
  private final List<byte[]> offline = new ArrayList<>();
  /** The invite secret if this client holds it (creator, link joiners, a host after rotating). */
  Optional<InviteSecret> secret;
  /** The creator's group until the relay confirms its registration. */
  Group created;
  /** The creator's host token, sent with {@code register_group}. */
  Optional<String> hostToken = Optional.empty();
  Group group;
  KeyPackageBundle joinBundle;
  volatile MediaKeys media;
  volatile boolean removed;
  /** False from the Welcome until the group attested itself (docs/PROTOCOL.md "Joining" step 5). */
  volatile boolean authenticated;
  private final Map<String, Request> requests = new LinkedHashMap<>();
  /** Unauthorised members: leaf to signature key, until the leaf is emptied or holds another key. */
  private final Map<Integer, byte[]> flagged = new TreeMap<>();
  /** Proposals stored this epoch (only the relay's Removes), by ref. */
  private final Map<ByteBuffer, CommitInspection.StoredProposal> stored = new HashMap<>();

  int storedProposals() {
    return stored.size();
  }
  /** Refs of every KeyPackage this client saw added in this meeting (replays are unauthorised). */
  private final Set<ByteBuffer> seenKeyPackages = new HashSet<>();
  private Pending pending;
  private Optional<InviteSecret> rotation = Optional.empty();
  /** Members a host of this client asked to remove (by value in its next commit). */
  private final Set<Integer> hostRemovals = new HashSet<>();
  /** A host list this host asked to commit (GroupContextExtensions by value). */
  private Optional<Hosts> hostsChange = Optional.empty();
  /** Commits of this client the relay refused in a row in epoch {@link #refusedEpoch}. */
  private int refusedInARow;
  private long refusedEpoch = -1;
  /** This client's announced media state, sent again in every epoch; null before it is set. */
  private byte[] mediaState;
  /** A host locked the meeting (type 8): this member admits nobody. */
  private boolean locked;
  private CompletableFuture<InviteLinkSecret> rotated;
  private long joinEpoch = -1;
  private byte[] joinAuthenticator;
  /** Leaves that sent a beacon of the current epoch. */
  private final Set<Integer> beacons = new HashSet<>();
  private boolean unconfirmedReported;
  /** Application data waiting for the commit of the pending proposals, in the order it was sent. */
  private final List<Queued> queued = new ArrayList<>();

  /** A rotated secret handed to {@link MeetingClient}. */
  record InviteLinkSecret(InviteSecret secret) {}

  MeetingSession(String meetingId, DeviceIdentity identity, Optional<InviteSecret> secret, CipherSuite suite,
      MeetingClientConfig config, MeetingListener listener, ScheduledExecutorService events) {
    this.meetingId = meetingId;
    this.identity = identity;
    this.secret = secret;
    this.suite = suite;
    this.config = config;
    this.listener = listener;
    this.events = events;
    // docs/PROTOCOL.md "Proposals a client accepts": only the relay's Removes are stored; no
    // external commits (the library's default); Conclave's credential rules.
    this.groupConfig = GroupConfig.builder().random(config.random)
        .proposalPolicy((sender, proposal) -> sender instanceof Sender.External e && e.senderIndex() == 0
            && proposal instanceof Remove)
        .credentialValidator(ConclaveCredentials.INSTANCE).build();
    this.view = new RosterView(config.pinStore, listener);
  }

  // ---- the connection: relay callbacks moved onto the event thread, reconnecting ----

  /** Opens a new connection and says hello, resuming this client's seat if it has one. */
  void open() {
    int gen = ++generation;
    connection = RelayConnection.open(config.http, relayUri, codec, handlerFor(gen));
    connection.send(new ClientMessage.Hello(meetingId, resumeToken));
  }

  /** Handles {@code message} on the event thread as if the current connection had delivered it. */
  void control(ServerMessage message) {
    events.execute(() -> guarded("handling " + message.getClass().getSimpleName(), () -> onControl(message)));
  }

  private RelayConnection.Handler handlerFor(int gen) {
    return new RelayConnection.Handler() {
      @Override
      public void control(ServerMessage message) {
        post(() -> guarded("handling " + message.getClass().getSimpleName(), () -> onControl(message)));
      }

      @Override
      public void media(byte[] frame) {
        post(() -> guarded("media frame", () -> onMedia(frame)));
      }

      @Override
      public void closed(int code, String reason) {
        post(() -> onClosed(code, reason));
      }

      private void post(Runnable r) {
        try {
          events.execute(() -> {
            if (gen == generation) {
              r.run();
            }
          });
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // The client was closed.
        }
      }
    };
  }

  private void onClosed(int code, String reason) {
    online = false;
    if (closing || !config.reconnect || removed || TERMINAL.contains(code)) {
      ready.completeExceptionally(new IllegalStateException("connection closed: " + code + " " + reason));
      joined.completeExceptionally(new IllegalStateException("connection closed: " + code + " " + reason));
      listener.disconnected(code, reason);
      return;
    }
    if (code == CloseCode.BAD_RESUME.code()) {
      // The relay no longer knows this seat (it left, or its grace ran out): join as someone new.
      resumeToken = null;
    }
    scheduleReconnect(code, reason);
  }

  private void scheduleReconnect(int code, String reason) {
    attempt++;
    long max = config.maxReconnectDelay.toMillis();
    long base = Math.min(max, FIRST_RECONNECT_DELAY_MS << Math.min(attempt - 1, 16));
    long delay = Math.round(base * (0.8 + 0.4 * config.random.nextDouble()));
    listener.reconnecting(attempt, java.time.Duration.ofMillis(delay), code, reason);
    events.schedule(() -> guarded("reconnecting", () -> {
      if (closing) {
        return;
      }
      try {
        open();
      } catch (RuntimeException e) {
        scheduleReconnect(1006, "connect failed: " + (e.getCause() != null ? e.getCause() : e));
      }
    }), delay, TimeUnit.MILLISECONDS);
  }

  /**
   * The seat is gone or the group moved on without this client: forget the group and join again
   * with a new KeyPackage (docs/PROTOCOL.md "Reconnecting").
   */
  private void forgetGroup() {
    group = null;
    media = null;
    authenticated = false;
    pending = null;
    requests.clear();
    flagged.clear();
    stored.clear();
    queued.clear();
    beacons.clear();
    joinBundle = null;
    joinEpoch = -1;
  }

  private void guarded(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      listener.error(what, e);
    }
  }

  private void onControl(ServerMessage message) {
    switch (message) {
      case ServerMessage.Ready r -> onReady(r);
      case ServerMessage.Registered r -> becomeMember(created, true);
      case ServerMessage.JoinRequest j -> onJoinRequest(j);
      case ServerMessage.Proposal p -> onProposal(p);
      case ServerMessage.Commit c -> onCommit(c);
      case ServerMessage.CommitAccepted a -> onAccepted();
      case ServerMessage.CommitRejected r -> onRejected(r);
      case ServerMessage.Welcome w -> onWelcome(w);
      case ServerMessage.Application a -> onApplication(a);
      case ServerMessage.KeyframeRequest k -> onKeyframeRequest(k);
      case ServerMessage.JoinRefused j -> {
        if (group == null) {
          listener.joinRefused(j.reason());
        }
      }
      // The knocker is gone (docs/PROTOCOL.md "Waiting room"): not added by this member's next
      // commit. A commit already sent still adds it; the relay then proposes that leaf's removal.
      case ServerMessage.JoinRequestWithdrawn w -> requests.remove(w.from());
    }
  }

  /**
   * The relay passes on any uint8 track code; codes 3–255 are reserved, and a request for a track
   * this client does not know is ignored (docs/PROTOCOL.md, "Keyframe requests").
   */
  private void onKeyframeRequest(ServerMessage.KeyframeRequest k) {
    for (Track track : Track.values()) {
      if (track.code() == k.track()) {
        listener.keyframeRequested(track);
        return;
      }
    }
  }

  private void onReady(ServerMessage.Ready r) {
    boolean resumed = resumeToken != null && resumeToken.equals(r.resume());
    boolean reconnected = attempt > 0 || generation > 1;
    resumeToken = r.resume();
    attempt = 0;
    ready.complete(r.participant());
    online = true;
    if (reconnected && group != null && !removed) {
      if (resumed && r.epoch() == group.epoch()) {
        listener.reconnected(false);
        // Receivers dropped this member's video while it was away: start with a keyframe.
        listener.keyframeRequested(Track.CAMERA_VIDEO);
        // The relay stores no chat: give the members that lost the same connection (a relay
        // restart) time to come back before sending what was typed meanwhile.
        long settle = config.maxReconnectDelay.toMillis() * 6 / 5 + 500;
        events.schedule(() -> guarded("sending queued chat", this::flushOffline), settle, TimeUnit.MILLISECONDS);
        scheduleCommit();
        return;
      }
      // Commits went by while away (the relay does not replay them), or the seat is gone: leave
      // the old seat for good and join again as a new participant.
      if (resumed) {
        connection.send(new ClientMessage.Bye());
        resumeToken = null;
        RelayConnection old = connection;
        forgetGroup();
        listener.reconnected(true);
        open();
        Thread.startVirtualThread(old::close);
        return;
      }
      forgetGroup();
      listener.reconnected(true);
    } else if (reconnected) {
      listener.reconnected(false);
    }
    if (created != null && resumed && r.leaf() != null) {
      // The registration was accepted before the connection dropped.
      becomeMember(created, true);
      return;
    }
    if (created != null) {
      connection.send(new ClientMessage.RegisterGroup(created.groupInfo(false).toBytes(), hostToken.orElseThrow()));
    } else if (group == null) {
      if (resumed && joinBundle != null) {
        // Still waiting: ask again (join requests are not kept across relay restarts).
        connection.send(new ClientMessage.JoinRequest(joinBundle.toMessage().toBytes()));
        return;
      }
      joinBundle = JoinKeyPackage.create(suite, identity.name(), identity.keys(), meetingId, secret,
          config.clock.instant());
      connection.send(new ClientMessage.JoinRequest(joinBundle.toMessage().toBytes()));
    }
  }

  // ---- joining and the group's attestation ----

  private void onWelcome(ServerMessage.Welcome w) {
    if (group != null || joinBundle == null) {
      return;
    }
    Group g;
    try {
      g = Group.joinFromWelcome(decode(w.welcome()), joinBundle, Optional.empty(), groupConfig);
    } finally {
      joinBundle.destroyInitKey();
    }
    if (!Arrays.equals(g.groupId(), meetingId.getBytes(StandardCharsets.US_ASCII))) {
      // docs/PROTOCOL.md "Joining" step 5: a group with another id is not this meeting.
      failAuthentication("the Welcome is for another group than meeting " + meetingId);
      return;
    }
    becomeMember(g, false);
  }

  private void becomeMember(Group g, boolean creator) {
    group = g;
    created = null;
    media = new MediaKeys(MlsSFrameConfig.builder().gracePeriod(config.mediaGrace).build(), g.ownLeafIndex().value());
    joinEpoch = g.epoch();
    joinAuthenticator = g.epochAuthenticator();
    authenticated = creator;
    newEpoch();
    if (creator) {
      everJoined = true;
      joined.complete(g.ownLeafIndex().value());
      listener.joined(g.ownLeafIndex().value());
      flushOffline();
      scheduleCommit();
    } else {
      long epoch = joinEpoch;
      events.schedule(() -> guarded("group attestation", () -> {
        if (!authenticated && !removed && group != null && joinEpoch == epoch) {
          failAuthentication(secret.isPresent()
              ? "the meeting did not prove that it knows the invite link: the server may be impersonating it"
              : "no host of the meeting confirmed admitting you: the server may be impersonating the meeting");
        }
      }), config.attestationTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Leaves a group that could not prove itself, saying why. */
  private void failAuthentication(String reason) {
    removed = true;
    listener.groupNotAuthenticated(reason);
    connection.send(new ClientMessage.Bye());
    joined.completeExceptionally(new IllegalStateException("group not authenticated: " + reason));
  }

  /** A type-3 attestation of this client's joining epoch (docs/PROTOCOL.md "Joining" step 5). */
  private void onAttestation(int senderLeaf, long messageEpoch, byte[] body) {
    if (authenticated || removed || messageEpoch != joinEpoch) {
      return;
    }
    Optional<Participant> sender = view.participant(senderLeaf);
    boolean ok;
    Optional<Participant> admittedBy = Optional.empty();
    if (secret.isPresent()) {
      ok = Attestation.verify(secret.get(), meetingId, group.groupId(), joinEpoch, joinAuthenticator, body);
    } else {
      ok = sender.map(Participant::host).orElse(false);
      admittedBy = sender;
    }
    if (!ok) {
      return;
    }
    authenticated = true;
    Arrays.fill(joinAuthenticator, (byte) 0);
    listener.groupAuthenticated(admittedBy);
    everJoined = true;
    joined.complete(group.ownLeafIndex().value());
    listener.joined(group.ownLeafIndex().value());
    sendBeacon();
    flushOffline();
    scheduleCommit();
  }

  // ---- join requests and proposals ----

  private void onJoinRequest(ServerMessage.JoinRequest j) {
    if (group == null || removed) {
      return;
    }
    if (!(decode(j.keyPackage()).body() instanceof MlsMessage.KeyPackageBody body)) {
      return;
    }
    if (locked) {
      return;
    }
    KeyPackage kp = body.keyPackage();
    byte[] identityBytes = AdmissionCheck.identityOf(kp.leafNode());
    if (identityBytes == null || seen(kp) || !JoinKeyPackage.currentlyValid(kp, config.clock.instant())) {
      return;
    }
    Optional<byte[]> inviteKey = InviteKey.from(group.groupContextExtensions());
    boolean proof = inviteKey.isPresent() && InviteProof.verify(inviteKey.get(), meetingId, kp);
    if ((proof && holdsCurrentSecret()) || config.skipAdmissionCheck) {
      requests.put(j.from(), new Request(kp, false));
    } else if (isHost()) {
      if (config.joinApprover.approve(RosterView.displayName(new String(identityBytes, StandardCharsets.UTF_8)),
          Fingerprint.of(kp.leafNode().signatureKey()))) {
        requests.put(j.from(), new Request(kp, true));
      } else {
        // Tell the joiner (docs/PROTOCOL.md "Waiting room"): a host said no.
        connection.send(new ClientMessage.RefuseJoin(j.from(), "denied"));
        return;
      }
    } else {
      return;
    }
    scheduleCommit();
  }

  /**
   * Stores only the relay's Remove proposals (external sender 0) of the current epoch;
   * everything else is dropped unprocessed (docs/PROTOCOL.md, "Proposals a client accepts").
   */
  private void onProposal(ServerMessage.Proposal p) {
    if (group == null || removed || p.epoch() != group.epoch()) {
      return;
    }
    MlsMessage message = decode(p.proposal());
    if (!(message.body() instanceof MlsMessage.Public pub)
        || !(pub.message().content().sender() instanceof Sender.External ext) || ext.senderIndex() != 0
        || !(pub.message().content().content() instanceof Content.ProposalContent pc)
        || !(pc.proposal() instanceof Remove remove)) {
      return;
    }
    // One Remove per leaf is enough: the relay could otherwise fill this epoch's store with
    // copies that differ only in their authenticated data.
    if (stored.values().stream().anyMatch(sp -> sp.proposal() instanceof Remove r && r.removed() == remove.removed())) {
      return;
    }
    if (group.process(message) instanceof ProcessResult.ProposalStored s) {
      stored.put(ByteBuffer.wrap(s.ref()), new CommitInspection.StoredProposal(s.sender(), pc.proposal()));
      scheduleCommit();
    }
  }

  // ---- commits ----

  /** Commits pending work now if this member is first in line, else after its backoff. */
  private void scheduleCommit() {
    scheduleCommit(0);
  }

  private void scheduleCommit(long extraDelayMillis) {
    if (group == null || removed || !authenticated || !hasWork()) {
      return;
    }
    long delay = extraDelayMillis + (hostWork() ? 0 : config.commitBackoff.toMillis() * rank());
    long epoch = group.epoch();
    events.schedule(() -> guarded("committing", () -> {
      if (group != null && group.epoch() == epoch) {
        commitPending();
      }
    }), delay, TimeUnit.MILLISECONDS);
  }

  private boolean hasWork() {
    return !stored.isEmpty() || requests.values().stream().anyMatch(r -> !r.byApproval() || isHost())
        || !flagged.isEmpty() && !isFlagged(group.ownLeafIndex().value())
        || (rotation.isPresent() || !hostRemovals.isEmpty() || hostsChange.isPresent()) && isHost();
  }

  private boolean hostWork() {
    return isHost() && (rotation.isPresent() || !hostRemovals.isEmpty() || hostsChange.isPresent()
        || requests.values().stream().anyMatch(Request::byApproval));
  }

  /** This member's position among the authorised members by leaf index: 0 commits first. */
  private int rank() {
    int own = group.ownLeafIndex().value();
    return (int) group.roster().stream()
        .filter(m -> m.leafIndex().value() < own && !isFlagged(m.leafIndex().value())).count();
  }

  private boolean isFlagged(int leaf) {
    return flagged.containsKey(leaf);
  }

  private boolean isHost() {
    if (group == null) {
      return false;
    }
    try {
      return Hosts.from(group.groupContextExtensions()).map(h -> h.isHost(identity.keys().publicKey())).orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether this member's secret is the one of the group's current invite key. */
  private boolean holdsCurrentSecret() {
    Optional<byte[]> key = InviteKey.from(group.groupContextExtensions());
    return secret.isPresent() && key.isPresent()
        && Arrays.equals(key.get(), InviteKey.publicKey(secret.get(), meetingId));
  }

  private boolean seen(KeyPackage kp) {
    return seenKeyPackages.contains(ByteBuffer.wrap(WelcomeProtection.keyPackageRef(suite, kp)));
  }

  private CommitInspection.Epoch epochView() {
    return new CommitInspection.Epoch(meetingId, group.groupContextExtensions(),
        AdmissionCheck.members(group.ratchetTree()), stored, this::seen);
  }

  private void commitPending() {
    if (group == null || removed || group.hasPendingCommit() || !hasWork()) {
      return;
    }
    Map<Integer, byte[]> before = AdmissionCheck.members(group.ratchetTree());
    CommitOptions.Builder options = CommitOptions.builder();
    List<String> joiners = new ArrayList<>();
    for (Map.Entry<String, Request> e : requests.entrySet()) {
      Request r = e.getValue();
      byte[] key = r.keyPackage().leafNode().signatureKey();
      if ((r.byApproval() && !isHost()) || before.values().stream().anyMatch(k -> Arrays.equals(k, key))
          || seen(r.keyPackage()) || !JoinKeyPackage.currentlyValid(r.keyPackage(), config.clock.instant())) {
        continue;
      }
      options.add(r.keyPackage());
      joiners.add(e.getKey());
    }
    Set<Integer> removing = new java.util.TreeSet<>();
    if (!isFlagged(group.ownLeafIndex().value())) {
      flagged.keySet().stream().filter(before::containsKey).forEach(removing::add);
    }
    if (isHost()) {
      hostRemovals.stream().filter(l -> before.containsKey(l) && l != group.ownLeafIndex().value()).forEach(removing::add);
    }
    removing.forEach(leaf -> options.remove(new LeafIndex(leaf)));
    Optional<InviteSecret> rotating = isHost() ? rotation : Optional.empty();
    Optional<Hosts> newHosts = isHost() ? hostsChange : Optional.empty();
    if (rotating.isPresent() || newHosts.isPresent()) {
      List<Extension> ext = group.groupContextExtensions();
      if (rotating.isPresent()) {
        ext = withInviteKey(ext, rotating.get());
      }
      if (newHosts.isPresent()) {
        ext = withHosts(ext, newHosts.get());
      }
      options.groupContextExtensions(ext);
    }
    CommitOutput out;
    long epoch = group.epoch();
    try {
      out = group.commit(options.build());
    } catch (MlsException e) {
      // A KeyPackage the group refuses would fail every retry: drop the requests of this attempt.
      joiners.forEach(requests::remove);
      throw e;
    }
    CommitInspection inspection = CommitInspection.of(out.commit(), epochView()).orElseThrow(() ->
        new IllegalStateException("own commit cannot be inspected"));
    pending = new Pending(inspection, rotating);
    connection.send(new ClientMessage.Commit(epoch, out.commit().toBytes(),
        out.welcome().map(MlsMessage::toBytes).orElse(null), out.groupInfo().toBytes()));
  }

  private static List<Extension> withHosts(List<Extension> extensions, Hosts hosts) {
    List<Extension> out = new ArrayList<>();
    for (Extension e : extensions) {
      out.add(e.type() == ConclaveExtensions.HOSTS ? hosts.toExtension() : e);
    }
    return out;
  }

  private List<Extension> withInviteKey(List<Extension> extensions, InviteSecret newSecret) {
    List<Extension> out = new ArrayList<>();
    for (Extension e : extensions) {
      out.add(e.type() == ConclaveExtensions.INVITE_KEY ? InviteKey.extension(newSecret, meetingId) : e);
    }
    return out;
  }

  private void onAccepted() {
    if (pending == null || !group.hasPendingCommit()) {
      return;
    }
    Pending p = pending;
    pending = null;
    ProcessResult.CommitApplied applied = group.mergePendingCommit();
    if (p.rotation().isPresent()) {
      InviteSecret old = secret.orElse(null);
      secret = p.rotation();
      rotation = Optional.empty();
      if (old != null) {
        old.destroy();
      }
      if (rotated != null) {
        rotated.complete(new InviteLinkSecret(secret.get()));
        rotated = null;
      }
    }
    afterCommit(applied, p.inspection(), AdmissionRules.decide(p.inspection().facts()));
    if (!applied.added().isEmpty() && !removed) {
      // docs/PROTOCOL.md "Joining" step 5: prove the group to the joiners.
      byte[] mac = holdsCurrentSecret()
          ? Attestation.compute(secret.get(), meetingId, group.groupId(), group.epoch(), group.epochAuthenticator())
          : new byte[0];
      sendApplication(AppMessages.typed(AppMessages.ATTESTATION, mac), group.epoch());
    }
  }

  /**
   * The relay refused this client's commit. Usually another commit of the epoch won (it arrives,
   * the epoch moves, and the work is committed in the next one). Refusals in a row within one
   * epoch back off (docs/PROTOCOL.md "Commits"): 0.25 s, 0.5 s, … up to 8 s, so that a relay
   * refusing everything, or one that judges differently from this client, cannot keep it
   * committing as fast as it can.
   */
  private void onRejected(ServerMessage.CommitRejected r) {
    if (group == null || removed) {
      return;
    }
    if (pending != null && group.hasPendingCommit()) {
      group.discardPendingCommit();
      pending = null;
    }
    if (group.epoch() != refusedEpoch) {
      refusedEpoch = group.epoch();
      refusedInARow = 0;
    }
    refusedInARow++;
    if (refusedInARow == REFUSALS_REPORTED) {
      listener.error("the relay refused " + REFUSALS_REPORTED + " commits of this client in a row in epoch "
          + refusedEpoch + " (last: " + r.reason() + "); retrying less often", null);
    }
    scheduleCommit(refusalBackoffMillis(refusedInARow));
  }

  /** Refusals in a row after which the listener hears of it. */
  private static final int REFUSALS_REPORTED = 3;

  /** Extra wait before committing again after {@code refusals} refusals in a row: none after the first. */
  static long refusalBackoffMillis(int refusals) {
    return refusals <= 1 ? 0 : Math.min(8_000L, 250L << Math.min(refusals - 2, 5));
  }

  private void onCommit(ServerMessage.Commit c) {
    if (group == null || removed) {
      return;
    }
    if (group.hasPendingCommit()) {
      // Another commit of this epoch won (RFC 9420 §14): ours is void.
      group.discardPendingCommit();
      pending = null;
    }
    MlsMessage message = decode(c.commit());
    Optional<CommitInspection> inspection = CommitInspection.of(message, epochView());
    if (inspection.isEmpty()) {
      listener.commitRefused(group.epoch(), "unreadable");
      return;
    }
    AdmissionRules.Decision decision = AdmissionRules.decide(inspection.get().facts());
    if (decision.refused()) {
      listener.commitRefused(group.epoch(), decision.refusal().get().id());
      return;
    }
    if (group.process(message) instanceof ProcessResult.CommitApplied applied) {
      afterCommit(applied, inspection.get(), decision);
    }
  }

  private void afterCommit(ProcessResult.CommitApplied applied, CommitInspection inspection,
      AdmissionRules.Decision decision) {
    stored.clear();
    int committerLeaf = applied.committer() instanceof Sender.Member m ? (int) m.leafIndex() : -1;
    Optional<Participant> committer = view.participant(committerLeaf);
    if (applied.selfRemoved()) {
      removed = true;
      requests.clear();
      queued.clear();
      listener.removed();
      return;
    }
    Map<Integer, byte[]> now = AdmissionCheck.members(group.ratchetTree());
    hostRemovals.removeIf(leaf -> !now.containsKey(leaf));
    hostsChange = hostsChange.filter(h -> {
      try {
        return !Hosts.from(group.groupContextExtensions()).map(h::equals).orElse(false);
      } catch (RuntimeException e) {
        return true;
      }
    });
    List<Participant> removedByValue = inspection.removedByValue().stream()
        .map(view::participant).flatMap(Optional::stream).toList();
    flagged.entrySet().removeIf(e -> !now.containsKey(e.getKey()) || !Arrays.equals(now.get(e.getKey()), e.getValue()));
    List<Admission> unauthorised = new ArrayList<>();
    List<KeyPackage> adds = inspection.adds();
    for (int i = 0; i < adds.size() && i < applied.added().size(); i++) {
      KeyPackage kp = adds.get(i);
      int leaf = applied.added().get(i).value();
      seenKeyPackages.add(ByteBuffer.wrap(WelcomeProtection.keyPackageRef(suite, kp)));
      Admission.Basis basis = decision.adds().get(i);
      if (basis == Admission.Basis.NONE) {
        byte[] id = AdmissionCheck.identityOf(kp.leafNode());
        String name = id == null ? "" : RosterView.displayName(new String(id, StandardCharsets.UTF_8));
        flagged.put(leaf, kp.leafNode().signatureKey());
        unauthorised.add(new Admission(leaf, name, kp.leafNode().signatureKey(), basis));
      }
    }
    requests.values().removeIf(r -> now.values().stream()
        .anyMatch(k -> Arrays.equals(k, r.keyPackage().leafNode().signatureKey())));
    newEpoch();
    flushQueued();
    if (!removedByValue.isEmpty() && committer.isPresent()) {
      listener.membersRemoved(committer.get(), removedByValue);
    }
    unauthorised.forEach(listener::unauthorisedMember);
    if (!decision.shown().isEmpty() && committer.isPresent()) {
      listener.settingsChanged(decision.shown().stream().map(AdmissionRules.Shown::id).toList(), committer.get());
    }
    scheduleCommit();
  }

  /** Starts rotating the invite link: this host commits a new invite key (docs/PROTOCOL.md "Rotation"). */
  CompletableFuture<InviteLinkSecret> rotateInviteLink() {
    if (group == null || removed || !isHost()) {
      throw new IllegalStateException("only a host can rotate the invite link");
    }
    rotation = Optional.of(InviteSecret.generate(config.random));
    rotated = new CompletableFuture<>();
    scheduleCommit();
    return rotated;
  }

  /**
   * A host removes the member at {@code leaf}: a Remove by value in this host's next commit
   * (committed at once: host work has no backoff).
   */
  void removeMember(int leaf) {
    if (group == null || removed || !isHost()) {
      throw new IllegalStateException("only a host can remove a member");
    }
    if (leaf == group.ownLeafIndex().value() || view.participant(leaf).isEmpty()) {
      throw new IllegalArgumentException("no other member at leaf " + leaf);
    }
    hostRemovals.add(leaf);
    scheduleCommit();
  }

  /**
   * A host adds the member at {@code leaf} to the hosts ({@code host}) or takes it off: a
   * GroupContextExtensions proposal by value with the new {@code conclave_hosts}; every member
   * refuses it from a non-host (rule {@code gce_not_host}).
   */
  void setHost(int leaf, boolean host) {
    if (group == null || removed || !isHost()) {
      throw new IllegalStateException("only a host can change the hosts");
    }
    byte[] key = AdmissionCheck.members(group.ratchetTree()).get(leaf);
    if (key == null) {
      throw new IllegalArgumentException("no member at leaf " + leaf);
    }
    List<byte[]> keys = new ArrayList<>(Hosts.from(group.groupContextExtensions()).orElseThrow().signatureKeys());
    keys.removeIf(k -> Arrays.equals(k, key));
    if (host) {
      keys.add(key);
    }
    hostsChange = Optional.of(new Hosts(keys));
    scheduleCommit();
  }

  /**
   * A host locks or unlocks the meeting (type 8): while locked no member admits anyone; hosts
   * announce it again in every epoch so that later members know.
   */
  void setLocked(boolean on) {
    if (group == null || removed || !authenticated || !isHost()) {
      throw new IllegalStateException("only a host can lock the meeting");
    }
    locked = on;
    if (on) {
      requests.clear();
    }
    sendApplication(AppMessages.lock(on));
  }

  void markVerified(int leaf, boolean verified) {
    Optional<Participant> p = view.participant(leaf);
    byte[] key = group == null ? null : AdmissionCheck.members(group.ratchetTree()).get(leaf);
    if (p.isEmpty() || p.get().self() || key == null) {
      throw new IllegalArgumentException("no other member at leaf " + leaf);
    }
    config.pinStore.markVerified(p.get().name(), key, verified);
  }

  /** Announces this client's media state now and in every later epoch (type 5). */
  void setMediaState(boolean muted, boolean cameraOff) {
    mediaState = AppMessages.mediaState(muted, cameraOff);
    if (authenticated && group != null && !removed) {
      sendApplication(mediaState);
    }
  }

  private void newEpoch() {
    List<MediaFrame> released = media.install(group);
    byte[] base = group.exportSecret(MediaKeys.EXPORTER_LABEL, new byte[0], 16);
    config.epochSecretTap.accept(base);
    Arrays.fill(base, (byte) 0);
    SecurityCode code = SecurityCode.of(group.epoch(), group.epochAuthenticator());
    view.update(group, identity.keys().publicKey(), code, flagged);
    released.forEach(this::deliver);
    beacons.clear();
    unconfirmedReported = false;
    if (authenticated) {
      sendBeacon();
      if (mediaState != null) {
        sendApplication(mediaState);
      }
      if (locked && isHost()) {
        sendApplication(AppMessages.lock(true));
      }
    }
    long epoch = group.epoch();
    events.schedule(() -> guarded("epoch beacons", () -> checkBeacons(epoch)), config.beaconTimeout.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  // ---- epoch beacons (docs/PROTOCOL.md, "Fork and stall detection") ----

  private void sendBeacon() {
    sendApplication(AppMessages.typed(AppMessages.BEACON, ByteBuffer.allocate(8).putLong(group.epoch()).array()),
        group.epoch());
  }

  private void onBeacon(int senderLeaf, long messageEpoch, byte[] body) {
    if (group == null || body.length != 8 || ByteBuffer.wrap(body).getLong() != messageEpoch
        || messageEpoch != group.epoch()) {
      return;
    }
    if (beacons.add(senderLeaf) && unconfirmedReported) {
      listener.unconfirmedMembers(group.epoch(), unconfirmed());
    }
  }

  private void checkBeacons(long epoch) {
    if (group == null || removed || group.epoch() != epoch) {
      return;
    }
    List<Participant> missing = unconfirmed();
    if (!missing.isEmpty()) {
      unconfirmedReported = true;
      listener.unconfirmedMembers(epoch, missing);
    }
  }

  private List<Participant> unconfirmed() {
    return view.roster().stream()
        .filter(p -> !p.self() && !p.unauthorised() && !beacons.contains(p.leafIndex())).toList();
  }

  // ---- application data and media ----

  /** Sends chat or other application data; refused until the group authenticated itself. */
  void sendUserApplication(byte[] data) {
    if (everJoined && !removed && (!online || group == null || !authenticated)) {
      offline.add(data);
      return;
    }
    if (!authenticated) {
      throw new IllegalStateException("the meeting has not authenticated itself yet");
    }
    sendApplication(data);
  }

  private void sendApplication(byte[] data) {
    sendApplication(data, -1);
  }

  /** Sends the chat typed while away, in order, once back in an authenticated group. */
  private void flushOffline() {
    if (offline.isEmpty() || !online || group == null || !authenticated || removed) {
      return;
    }
    List<byte[]> out = List.copyOf(offline);
    offline.clear();
    out.forEach(this::sendApplication);
  }

  /**
   * Sends application data now, or queues it while proposals are pending: RFC 9420 §12.4 wants
   * the commit first, so that e.g. a member whose Remove the relay proposed does not read it.
   * {@link #flushQueued()} sends the queue once the next epoch is entered.
   *
   * @param epoch the epoch the data names (beacon, attestation), -1 if it names none
   */
  private void sendApplication(byte[] data, long epoch) {
    if (group == null || removed) {
      throw new IllegalStateException("not a member of the meeting");
    }
    if (group.hasPendingProposals() || !queued.isEmpty()) {
      queued.add(new Queued(data, epoch));
      return;
    }
    connection.send(new ClientMessage.Application(group.encryptApplication(data).toBytes()));
  }

  /**
   * Sends the application data queued while proposals were pending, in order, now that a commit
   * entered the next epoch. Data bound to an older epoch is dropped: a beacon or attestation of an
   * epoch that is over proves nothing (the new epoch's beacon was just sent).
   */
  private void flushQueued() {
    if (queued.isEmpty() || group == null || removed || group.hasPendingProposals()) {
      return;
    }
    List<Queued> out = List.copyOf(queued);
    queued.clear();
    for (Queued q : out) {
      if (q.epoch() < 0 || q.epoch() == group.epoch()) {
        connection.send(new ClientMessage.Application(group.encryptApplication(q.data()).toBytes()));
      }
    }
  }

  void requestKeyframe(int senderLeaf, Track track) {
    if (track == Track.AUDIO) {
      throw new IllegalArgumentException("audio has no keyframes");
    }
    if (group == null || removed) {
      throw new IllegalStateException("not a member of the meeting");
    }
    connection.send(new ClientMessage.KeyframeRequest(senderLeaf, track.code()));
  }

  private void onApplication(ServerMessage.Application a) {
    if (group == null) {
      return;
    }
    MlsMessage message = decode(a.message());
    long messageEpoch = message.body() instanceof MlsMessage.Private p ? p.message().epoch() : -1;
    if (!(group.process(message) instanceof ProcessResult.ApplicationMessage m)) {
      return;
    }
    byte[] data = m.data();
    int sender = m.senderLeaf().value();
    switch (AppMessages.type(data)) {
      case AppMessages.CHAT -> listener.chat(new ChatMessage(sender, view.nameOf(sender), group.epoch(),
          new String(AppMessages.body(data), StandardCharsets.UTF_8)));
      case AppMessages.ATTESTATION -> onAttestation(sender, messageEpoch, AppMessages.body(data));
      case AppMessages.BEACON -> onBeacon(sender, messageEpoch, AppMessages.body(data));
      case AppMessages.MEDIA_STATE -> {
        boolean[] state = AppMessages.parseMediaState(AppMessages.body(data));
        Optional<Participant> from = view.participant(sender);
        if (state != null && from.isPresent()) {
          listener.mediaState(from.get(), state[0], state[1]);
        }
      }
      case AppMessages.MUTE_REQUEST -> {
        Optional<Participant> from = view.participant(sender);
        // Only a host may ask, and only a request naming this client's own leaf is passed on.
        if (from.isPresent() && from.get().host()
            && AppMessages.parseMuteRequest(AppMessages.body(data)) == group.ownLeafIndex().value()) {
          listener.muteRequested(from.get());
        }
      }
      case AppMessages.LOCK -> {
        int on = AppMessages.parseRecording(AppMessages.body(data));
        Optional<Participant> from = view.participant(sender);
        if (on >= 0 && from.isPresent() && from.get().host() && locked != (on == 1)) {
          locked = on == 1;
          if (locked) {
            requests.clear();
          }
          listener.meetingLocked(from.get(), locked);
        }
      }
      case AppMessages.RECORDING -> {
        int on = AppMessages.parseRecording(AppMessages.body(data));
        Optional<Participant> from = view.participant(sender);
        if (on >= 0 && from.isPresent()) {
          listener.recording(from.get(), on == 1);
        }
      }
      default -> { }
    }
  }

  private void onMedia(byte[] frame) {
    config.rawMediaTap.accept(frame);
    MediaKeys keys = media;
    if (keys != null) {
      keys.unprotect(frame).ifPresent(this::deliver);
    }
  }

  private void deliver(MediaFrame f) {
    listener.media(new ReceivedFrame(f.senderIndex(), view.nameOf(f.senderIndex()), f.header(), f.epoch(), f.payload()));
  }

  private static MlsMessage decode(byte[] bytes) {
    return TlsReader.decodeFully(bytes, MlsMessage::decode);
  }
}
