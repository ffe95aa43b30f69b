package io.conclave.client;

import io.conclave.client.admission.Admission;
import io.conclave.client.admission.AdmissionCheck;
import io.conclave.client.admission.Hosts;
import io.conclave.client.admission.InviteProof;
import io.conclave.client.admission.InviteSecret;
import io.conclave.client.admission.JoinKeyPackage;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.SecurityCode;
import io.conclave.client.media.MediaKeys;
import io.conclave.client.transport.RelayConnection;
import io.conclave.mls.MlsException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.group.ProcessResult;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.treemath.LeafIndex;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.sframe.media.MediaFrame;
import io.conclave.sframe.media.Track;
import io.conclave.sframe.mls.MlsSFrameConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The meeting state machine of one client (DESIGN.md "Meeting lifecycle"; docs/PROTOCOL.md): joins,
 * commits what is pending (join requests, the relay's Remove proposals, removals of unauthorised
 * members), follows the relay's commit order, checks every admission, and keeps media keys, roster
 * and security code in step with the MLS epoch. Every field is confined to the {@code events}
 * thread; {@link MeetingClient} posts to it.
 */
final class MeetingSession implements RelayConnection.Handler {
  private record Request(KeyPackage keyPackage, boolean byApproval) {}

  private record Pending(Map<Integer, byte[]> before, Optional<Hosts> hostsBefore, boolean approvedAdd) {}

  final String meetingId;
  final DeviceIdentity identity;
  final MeetingClientConfig config;
  final MeetingListener listener;
  final CipherSuite suite;
  final GroupConfig groupConfig;
  final ScheduledExecutorService events;
  final CompletableFuture<Integer> joined = new CompletableFuture<>();
  final CompletableFuture<String> ready = new CompletableFuture<>();
  final RosterView view;

  RelayConnection connection;
  Optional<InviteSecret> secret;
  /** The creator's group until the relay confirms its registration. */
  Group created;
  /** The creator's host token (POST /api/meetings), which register_group must carry. */
  String hostToken;
  Group group;
  KeyPackageBundle joinBundle;
  volatile MediaKeys media;
  volatile boolean removed;
  private final Map<String, Request> requests = new LinkedHashMap<>();
  private final TreeSet<Integer> flagged = new TreeSet<>();
  private int storedProposals;
  private Pending pending;

  MeetingSession(String meetingId, DeviceIdentity identity, Optional<InviteSecret> secret, CipherSuite suite,
      MeetingClientConfig config, MeetingListener listener, ScheduledExecutorService events) {
    this.meetingId = meetingId;
    this.identity = identity;
    this.secret = secret;
    this.suite = suite;
    this.config = config;
    this.listener = listener;
    this.events = events;
    this.groupConfig = GroupConfig.builder().random(config.random).build();
    this.view = new RosterView(config.pinStore, listener);
  }

  // ---- relay callbacks, moved onto the event thread ----

  @Override
  public void control(ServerMessage message) {
    events.execute(() -> guarded("handling " + message.getClass().getSimpleName(), () -> onControl(message)));
  }

  @Override
  public void media(byte[] frame) {
    events.execute(() -> guarded("media frame", () -> onMedia(frame)));
  }

  @Override
  public void closed(int code, String reason) {
    events.execute(() -> {
      ready.completeExceptionally(new IllegalStateException("connection closed: " + code + " " + reason));
      joined.completeExceptionally(new IllegalStateException("connection closed: " + code + " " + reason));
      listener.disconnected(code, reason);
    });
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
      case ServerMessage.Registered r -> becomeMember(created);
      case ServerMessage.JoinRequest j -> onJoinRequest(j);
      case ServerMessage.Proposal p -> onProposal(p);
      case ServerMessage.Commit c -> onCommit(c);
      case ServerMessage.CommitAccepted a -> onAccepted();
      case ServerMessage.CommitRejected r -> onRejected();
      case ServerMessage.Welcome w -> onWelcome(w);
      case ServerMessage.Application a -> onApplication(a);
      case ServerMessage.KeyframeRequest k -> onKeyframeRequest(k);
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
    ready.complete(r.participant());
    if (created != null) {
      connection.send(new ClientMessage.RegisterGroup(created.groupInfo(false).toBytes(), hostToken));
    } else if (group == null) {
      joinBundle = JoinKeyPackage.create(suite, identity.name(), identity.keys(), meetingId, secret, Instant.now());
      connection.send(new ClientMessage.JoinRequest(joinBundle.toMessage().toBytes()));
    }
  }

  private void onWelcome(ServerMessage.Welcome w) {
    if (group != null || joinBundle == null) {
      return;
    }
    Group g = Group.joinFromWelcome(decode(w.welcome()), joinBundle, Optional.empty(), groupConfig);
    joinBundle.destroyInitKey();
    becomeMember(g);
  }

  private void becomeMember(Group g) {
    group = g;
    created = null;
    media = new MediaKeys(MlsSFrameConfig.builder().gracePeriod(config.mediaGrace).build(), g.ownLeafIndex().value());
    newEpoch();
    joined.complete(g.ownLeafIndex().value());
    listener.joined(g.ownLeafIndex().value());
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
    KeyPackage kp = body.keyPackage();
    byte[] identityBytes = AdmissionCheck.identityOf(kp.leafNode());
    boolean proof = identityBytes != null && secret.isPresent()
        && InviteProof.verify(secret.get(), meetingId, kp.leafNode(), identityBytes);
    if (proof || config.skipAdmissionCheck) {
      requests.put(j.from(), new Request(kp, false));
    } else if (isHost() && identityBytes != null && config.joinApprover.approve(
        new String(identityBytes, StandardCharsets.UTF_8), Fingerprint.of(kp.leafNode().signatureKey()))) {
      requests.put(j.from(), new Request(kp, true));
    } else {
      return;
    }
    scheduleCommit();
  }

  private void onProposal(ServerMessage.Proposal p) {
    if (group == null || removed || p.epoch() != group.epoch()) {
      return;
    }
    if (group.process(decode(p.proposal())) instanceof ProcessResult.ProposalStored) {
      storedProposals++;
      scheduleCommit();
    }
  }

  // ---- commits ----

  /** Commits pending work now if this member is first in line, else after its backoff. */
  private void scheduleCommit() {
    if (group == null || removed || !hasWork()) {
      return;
    }
    long delay = hostWork() ? 0 : config.commitBackoff.toMillis() * rank();
    long epoch = group.epoch();
    events.schedule(() -> guarded("committing", () -> {
      if (group != null && group.epoch() == epoch) {
        commitPending();
      }
    }), delay, TimeUnit.MILLISECONDS);
  }

  private boolean hasWork() {
    return storedProposals > 0 || requests.values().stream().anyMatch(r -> !r.byApproval() || isHost())
        || isHost() && !flagged.isEmpty();
  }

  private boolean hostWork() {
    return isHost() && (!flagged.isEmpty() || requests.values().stream().anyMatch(Request::byApproval));
  }

  /** This member's position among the members by leaf index: 0 commits first. */
  private int rank() {
    int own = group.ownLeafIndex().value();
    return (int) group.roster().stream().filter(m -> m.leafIndex().value() < own).count();
  }

  private boolean isHost() {
    return group != null && Hosts.from(group.groupContextExtensions())
        .map(h -> h.isHost(identity.keys().publicKey())).orElse(false);
  }

  private void commitPending() {
    if (group == null || removed || group.hasPendingCommit() || !hasWork()) {
      return;
    }
    Map<Integer, byte[]> before = AdmissionCheck.members(group.ratchetTree());
    CommitOptions.Builder options = CommitOptions.builder();
    List<Commits.Joiner> joiners = new ArrayList<>();
    boolean approvedAdd = false;
    for (Map.Entry<String, Request> e : requests.entrySet()) {
      Request r = e.getValue();
      byte[] key = r.keyPackage().leafNode().signatureKey();
      if ((r.byApproval() && !isHost()) || before.values().stream().anyMatch(k -> Arrays.equals(k, key))) {
        continue;
      }
      options.add(r.keyPackage());
      joiners.add(new Commits.Joiner(e.getKey(), key));
      approvedAdd |= r.byApproval();
    }
    if (isHost()) {
      flagged.stream().filter(before::containsKey).forEach(leaf -> options.remove(new LeafIndex(leaf)));
    }
    CommitOutput out;
    long epoch = group.epoch();
    try {
      out = group.commit(options.build());
    } catch (MlsException e) {
      // A KeyPackage the group refuses would fail every retry: drop the requests of this attempt.
      joiners.forEach(j -> requests.remove(j.participant()));
      throw e;
    }
    pending = new Pending(before, Hosts.from(group.groupContextExtensions()), approvedAdd);
    connection.send(new ClientMessage.Commit(epoch, out.commit().toBytes(),
        out.welcome().map(MlsMessage::toBytes).orElse(null),
        Commits.withoutExternalPub(out.groupInfo(), suite, identity.keys()).toBytes()));
  }

  private void onAccepted() {
    if (pending == null || !group.hasPendingCommit()) {
      return;
    }
    Pending p = pending;
    pending = null;
    ProcessResult.CommitApplied applied = group.mergePendingCommit();
    afterCommit(applied, p.before(), p.hostsBefore());
    if (p.approvedAdd() && secret.isPresent()) {
      sendApplication(AppMessages.typed(AppMessages.INVITE_SECRET, secret.get().encoded().getBytes(
          StandardCharsets.US_ASCII)));
    }
  }

  private void onRejected() {
    if (pending != null && group.hasPendingCommit()) {
      group.discardPendingCommit();
      pending = null;
    }
    scheduleCommit();
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
    Map<Integer, byte[]> before = AdmissionCheck.members(group.ratchetTree());
    Optional<Hosts> hosts = Hosts.from(group.groupContextExtensions());
    if (group.process(decode(c.commit())) instanceof ProcessResult.CommitApplied applied) {
      afterCommit(applied, before, hosts);
    }
  }

  private void afterCommit(ProcessResult.CommitApplied applied, Map<Integer, byte[]> before,
      Optional<Hosts> hostsBefore) {
    storedProposals = 0;
    if (applied.selfRemoved()) {
      removed = true;
      requests.clear();
      listener.removed();
      return;
    }
    List<Admission> verdicts = new AdmissionCheck(meetingId, secret)
        .judge(before, hostsBefore, applied.committer(), group.ratchetTree());
    Map<Integer, byte[]> now = AdmissionCheck.members(group.ratchetTree());
    flagged.removeIf(leaf -> !now.containsKey(leaf) || !Arrays.equals(now.get(leaf), before.get(leaf)));
    requests.values().removeIf(r -> now.values().stream()
        .anyMatch(k -> Arrays.equals(k, r.keyPackage().leafNode().signatureKey())));
    newEpoch();
    for (Admission a : verdicts) {
      if (!a.authorised()) {
        flagged.add(a.leafIndex());
        listener.unauthorisedMember(a);
      }
    }
    scheduleCommit();
  }

  private void newEpoch() {
    List<MediaFrame> released = media.install(group);
    byte[] base = group.exportSecret(MediaKeys.EXPORTER_LABEL, new byte[0], 16);
    config.epochSecretTap.accept(base);
    Arrays.fill(base, (byte) 0);
    SecurityCode code = SecurityCode.of(group.epoch(), group.epochAuthenticator());
    view.update(group, identity.keys().publicKey(), code);
    released.forEach(this::deliver);
  }

  // ---- application data and media ----

  void sendApplication(byte[] data) {
    if (group == null || removed) {
      throw new IllegalStateException("not a member of the meeting");
    }
    connection.send(new ClientMessage.Application(group.encryptApplication(data).toBytes()));
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
    if (!(group.process(decode(a.message())) instanceof ProcessResult.ApplicationMessage m)) {
      return;
    }
    byte[] data = m.data();
    switch (AppMessages.type(data)) {
      case AppMessages.CHAT -> listener.chat(new ChatMessage(m.senderLeaf().value(), view.nameOf(m.senderLeaf().value()),
          group.epoch(), new String(AppMessages.body(data), StandardCharsets.UTF_8)));
      case AppMessages.INVITE_SECRET -> learnSecret(m.senderLeaf().value(), AppMessages.body(data));
      default -> { }
    }
  }

  private void learnSecret(int senderLeaf, byte[] body) {
    boolean fromHost = group.roster().stream().filter(mem -> mem.leafIndex().value() == senderLeaf).findFirst()
        .map(mem -> Hosts.from(group.groupContextExtensions()).map(h -> h.isHost(mem.signatureKey())).orElse(false))
        .orElse(false);
    if (fromHost && secret.isEmpty()) {
      secret = Optional.of(InviteSecret.parse(new String(body, StandardCharsets.US_ASCII)));
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
