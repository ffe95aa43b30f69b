package io.conclave.client;

import io.conclave.admission.Hosts;
import io.conclave.admission.InviteKey;
import io.conclave.admission.InviteSecret;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.client.identity.SecurityCode;
import io.conclave.client.media.MediaKeys;
import io.conclave.client.media.MediaStats;
import io.conclave.client.transport.MeetingApi;
import io.conclave.client.transport.RelayConnection;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.group.Group;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.sframe.media.MediaFrame;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A participant in a Conclave meeting: the Java client for bots, recorders and the CLI.
 *
 * <pre>{@code
 * MeetingClient host = MeetingClient.create(URI.create("https://relay:8443"), identity, config, listener);
 * host.awaitJoined(Duration.ofSeconds(10));
 * String link = host.inviteLink().orElseThrow().format();       // share out of band
 *
 * MeetingClient guest = MeetingClient.join(InviteLink.parse(link), guestIdentity, config, guestListener);
 * guest.awaitJoined(Duration.ofSeconds(10));                    // a member committed its Add
 * guest.sendMedia(new MediaFrameHeader(Track.AUDIO, false, 0, 0, seq), opusFrame);
 * guest.sendChat("hello");
 * guest.securityCode();                                         // compare aloud: same on every device
 * guest.leave();
 * }</pre>
 *
 * Events arrive on the {@link MeetingListener}, on one event thread per client. MLS cipher suite 1
 * (X25519, AES-128-GCM, SHA-256, Ed25519) and SFrame AES-128-GCM-SHA256-128.
 */
public final class MeetingClient implements AutoCloseable {
  /** RFC 9420 §17.1: MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519. */
  public static final int CIPHER_SUITE = 1;
  private static final int MAX_CONTROL_BYTES = 4 * 1024 * 1024;

  private final MeetingSession session;
  private final URI server;
  private final Optional<String> hostToken;

  private MeetingClient(MeetingSession session, URI server, Optional<String> hostToken) {
    this.session = session;
    this.server = server;
    this.hostToken = hostToken;
  }

  /**
   * Creates a meeting on {@code server} and its MLS group (group id = meeting id, the server as
   * external sender, this client as the only host) with a fresh invite secret.
   */
  public static MeetingClient create(URI server, DeviceIdentity identity, MeetingClientConfig config,
      MeetingListener listener) throws IOException, InterruptedException {
    MeetingApi api = new MeetingApi(config.http, server);
    MeetingApi.CreatedMeeting meeting = api.create();
    CipherSuite suite = CipherSuites.get(CIPHER_SUITE);
    if (meeting.cipherSuite() != CIPHER_SUITE) {
      throw new IOException("server signs with cipher suite " + meeting.cipherSuite() + ", expected " + CIPHER_SUITE);
    }
    ExternalSender serverSender = TlsReader.decodeFully(meeting.externalSender(), ExternalSender::decode);
    MeetingSession session = new MeetingSession(meeting.meetingId(), identity,
        Optional.of(InviteSecret.generate(config.random)), suite, config, listener, newEventThread(meeting.meetingId()));
    // The group's invite key is derived from this secret; proofs of link joiners verify against it.
    session.created = Group.create(suite, meeting.meetingId().getBytes(StandardCharsets.US_ASCII),
        new Credential.Basic(identity.name().getBytes(StandardCharsets.UTF_8)), identity.keys(),
        List.of(new ExternalSenders(List.of(serverSender)).toExtension(),
            new Hosts(List.of(identity.keys().publicKey())).toExtension(),
            InviteKey.extension(session.secret.orElseThrow(), meeting.meetingId())),
        session.groupConfig);
    session.hostToken = Optional.of(meeting.hostToken());
    return connect(session, api, server, Optional.of(meeting.hostToken()));
  }

  /** Joins with an invite link: the KeyPackage carries the invite proof, so any member admits it. */
  public static MeetingClient join(InviteLink link, DeviceIdentity identity, MeetingClientConfig config,
      MeetingListener listener) {
    return join(link.server(), link.meetingId(), Optional.of(link.secret()), identity, config, listener);
  }

  /** Asks to join without an invite secret: only a host can admit it (host approval). */
  public static MeetingClient askToJoin(URI server, String meetingId, DeviceIdentity identity,
      MeetingClientConfig config, MeetingListener listener) {
    return join(server, meetingId, Optional.empty(), identity, config, listener);
  }

  private static MeetingClient join(URI server, String meetingId, Optional<InviteSecret> secret,
      DeviceIdentity identity, MeetingClientConfig config, MeetingListener listener) {
    MeetingSession session = new MeetingSession(meetingId, identity, secret, CipherSuites.get(CIPHER_SUITE), config,
        listener, newEventThread(meetingId));
    return connect(session, new MeetingApi(config.http, server), server, Optional.empty());
  }

  private static MeetingClient connect(MeetingSession session, MeetingApi api, URI server, Optional<String> hostToken) {
    session.relayUri = api.webSocketUri();
    session.codec = new ControlCodec(MAX_CONTROL_BYTES);
    session.open();
    return new MeetingClient(session, server, hostToken);
  }

  private static ScheduledExecutorService newEventThread(String meetingId) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "conclave-meeting-" + meetingId);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Waits until this client is a member (group registered, or Welcome processed).
   *
   * @return this client's leaf index
   * @throws TimeoutException if no member admitted it in time
   */
  public int awaitJoined(Duration timeout) throws InterruptedException, TimeoutException {
    try {
      return session.joined.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("joining failed", e.getCause());
    }
  }

  public String meetingId() {
    return session.meetingId;
  }

  /** The participant id the relay gave this client, once it answered {@code hello}. */
  public Optional<String> participantId() {
    return Optional.ofNullable(session.ready.getNow(null));
  }

  /** The invite link, if this client knows the invite secret (the creator and link joiners). */
  public Optional<InviteLink> inviteLink() {
    return onEvents(() -> session.secret.map(s -> new InviteLink(server, session.meetingId, s)));
  }

  /**
   * Rotates the invite link (hosts only, docs/PROTOCOL.md "Rotation"): commits a new invite key, so
   * proofs made with the old link no longer admit anyone.
   *
   * @return the new link, once the commit is accepted
   */
  public CompletableFuture<InviteLink> rotateInviteLink() {
    CompletableFuture<MeetingSession.InviteLinkSecret> rotated = onEvents(session::rotateInviteLink);
    return rotated.thenApply(s -> new InviteLink(server, session.meetingId, s.secret()));
  }

  /**
   * Removes the member at {@code leaf} (hosts only): a Remove by value in this host's next commit.
   * The removal shows in the roster once the relay ordered the commit and it is applied.
   *
   * @throws IllegalStateException if this client is not a host
   * @throws IllegalArgumentException if no other member is at {@code leaf}
   */
  public void removeParticipant(int leaf) {
    onEvents(() -> {
      session.removeMember(leaf);
      return null;
    });
  }

  /**
   * Makes the member at {@code leaf} a host ({@code host} true) or takes it off the hosts (hosts
   * only): a commit of the new {@code conclave_hosts} GroupContext extension by value.
   */
  public void setHost(int leaf, boolean host) {
    onEvents(() -> {
      session.setHost(leaf, host);
      return null;
    });
  }

  /** Tells the other members whether this client's microphone is muted and camera off (type 5), now and after each change of epoch. */
  public void sendMediaState(boolean muted, boolean cameraOff) {
    onEvents(() -> {
      session.setMediaState(muted, cameraOff);
      return null;
    });
  }

  /**
   * The user compared the security code with the member at {@code leaf} and marks its signature
   * key verified ({@code verified}) or takes the mark back; kept per key in the pin store, shown
   * from the next roster on ({@link io.conclave.client.identity.PinStore.Result#VERIFIED}).
   *
   * @throws IllegalArgumentException if no other member is at {@code leaf}
   */
  public void markVerified(int leaf, boolean verified) {
    onEvents(() -> {
      session.markVerified(leaf, verified);
      return null;
    });
  }

  /**
   * Locks the meeting ({@code on}) or unlocks it (hosts only; type 8): while locked, no member
   * admits anyone, by link or by approval.
   *
   * @throws IllegalStateException if this client is not a host
   */
  public void setLocked(boolean on) {
    onEvents(() -> {
      session.setLocked(on);
      return null;
    });
  }

  /** Asks the member at {@code leaf} to mute (type 6; hosts only, others' requests are ignored by receivers). */
  public void askToMute(int leaf) {
    byte[] data = AppMessages.muteRequest(leaf);
    onEvents(() -> {
      session.sendUserApplication(data);
      return null;
    });
  }

  /**
   * Announces to every member that this client records the meeting ({@code on}) or stopped (type
   * 7). A recorder must announce itself: docs/SECURITY.md says what this does and does not protect.
   */
  public void announceRecording(boolean on) {
    byte[] data = AppMessages.recording(on);
    onEvents(() -> {
      session.sendUserApplication(data);
      return null;
    });
  }

  /**
   * Ends the meeting for everyone (docs/PROTOCOL.md "Ending a meeting"): {@code end_meeting} with
   * this client's host token. The relay closes every connection with 4410, this one included.
   *
   * @throws IllegalStateException if this client did not create the meeting (it holds no host token)
   */
  public void endMeeting() {
    String token = hostToken.orElseThrow(() -> new IllegalStateException("only the client that created the meeting holds its host token"));
    onEvents(() -> {
      session.connection.send(new ClientMessage.EndMeeting(token));
      return null;
    });
  }

  /** The host token returned when this client created the meeting (closes it over the HTTP API). */
  public Optional<String> hostToken() {
    return hostToken;
  }

  public long epoch() {
    return session.view.epoch();
  }

  /** The members of the current epoch, with key fingerprints and pin status. */
  public List<Participant> roster() {
    return session.view.roster();
  }

  /** The security code of the current epoch; empty before joining. */
  public Optional<SecurityCode> securityCode() {
    return session.view.securityCode();
  }

  public boolean isRemoved() {
    return session.removed;
  }

  /** Encrypts and sends one media frame with this member's key of the current epoch. */
  public void sendMedia(MediaFrameHeader header, byte[] payload) {
    MediaKeys keys = session.media;
    if (keys == null || session.removed) {
      throw new IllegalStateException("not a member of the meeting");
    }
    if (!session.online) {
      throw new IllegalStateException("reconnecting to the relay");
    }
    if (!session.authenticated) {
      // docs/PROTOCOL.md "Joining" step 5: nothing is sent into a group that has not proved itself.
      throw new IllegalStateException("the meeting has not authenticated itself yet");
    }
    session.connection.sendMedia(keys.protect(header, payload));
  }

  /** Sends a chat message to every member as an MLS application message. */
  public void sendChat(String text) {
    byte[] data = AppMessages.chat(text);
    onEvents(() -> {
      session.sendUserApplication(data);
      return null;
    });
  }

  /**
   * Asks the member at {@code senderLeaf} (a {@link ReceivedFrame#senderLeaf}) for a keyframe on
   * the video {@code track}, e.g. after its video failed to decode. The relay forwards at most one
   * request per member and track every 250 ms and ignores requests for leaves it does not know
   * (docs/PROTOCOL.md, "Keyframe requests").
   *
   * @throws IllegalStateException if this client is not a member of the meeting
   * @throws IllegalArgumentException for audio, which has no keyframes
   */
  public void requestKeyframe(int senderLeaf, Track track) {
    onEvents(() -> {
      session.requestKeyframe(senderLeaf, track);
      return null;
    });
  }

  /** Counters of received media frames. */
  public MediaStats mediaStats() {
    MediaKeys keys = session.media;
    return keys == null ? new MediaStats() : keys.stats();
  }

  /** How many of the relay's proposals this client holds for its next commit (tests). */
  int storedProposals() {
    return onEvents(() -> session.storedProposals());
  }

  /** Tries to decrypt a captured frame with this client's current keys, changing no counter. */
  Optional<byte[]> tryDecrypt(byte[] frame) {
    MediaKeys keys = session.media;
    return keys == null ? Optional.empty() : keys.tryUnprotect(frame).map(MediaFrame::payload);
  }

  /** Leaves for good: the relay proposes this member's removal at once and a member commits it. */
  public void leave() {
    onEvents(() -> {
      session.connection.send(new ClientMessage.Bye());
      return null;
    });
    close();
  }

  /** Closes the connection without saying bye (the relay waits for a reconnect first). */
  @Override
  public void close() {
    session.closing = true;
    try {
      RelayConnection c;
      try {
        c = onEvents(() -> session.connection);
      } catch (RuntimeException e) {
        c = session.connection;
      }
      c.close();
    } finally {
      session.events.shutdown();
    }
  }

  private <T> T onEvents(Callable<T> action) {
    try {
      return session.events.submit(action).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("event thread busy", e);
    }
  }
}
