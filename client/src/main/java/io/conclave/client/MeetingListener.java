package io.conclave.client;

import io.conclave.admission.Admission;
import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.SecurityCode;
import io.conclave.sframe.media.Track;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link MeetingClient} reports. Every method has an empty default; all are called on the
 * client's event thread, one at a time, so they must return quickly.
 */
public interface MeetingListener {

  /** This client is a member: it created the group or processed its Welcome. */
  default void joined(int leafIndex) {}

  /** A new epoch: members and security code as of that epoch. */
  default void epochChanged(long epoch, List<Participant> roster, SecurityCode code) {}

  default void chat(ChatMessage message) {}

  /**
   * A receiver had to skip this client's video on {@code track}, or could not decode it: send a
   * keyframe soon.
   */
  default void keyframeRequested(Track track) {}

  default void media(ReceivedFrame frame) {}

  /**
   * A member entered the group with neither a valid invite proof nor a host's approval: the
   * server or a colluding member added it. Hosts' clients remove it at once.
   */
  default void unauthorisedMember(Admission admission) {}

  /** A name pinned with one key arrived with another: possibly an impostor. */
  default void keyChanged(String name, Fingerprint pinned, Fingerprint presented) {}

  /**
   * A name whose key the user marked verified arrived with another key: not the key that was
   * verified. Louder than {@link #keyChanged}.
   */
  default void verifiedKeyChanged(String name, Fingerprint verified, Fingerprint presented) {}

  /** A key pinned under one name arrived under another name: the same person renamed, or a confusion attempt. */
  default void keyRenamed(Fingerprint key, String pinnedName, String presentedName) {}

  /**
   * This client refused a commit the relay delivered, because it breaks a rule of
   * docs/PROTOCOL.md "Admission decisions" ({@code rule}, e.g. {@code by_reference}): only a
   * malicious relay or member sends one. The client stays in its epoch.
   */
  default void commitRefused(long epoch, String rule) {}

  /**
   * The group this client joined proved itself (docs/PROTOCOL.md, "Joining" step 5): with the
   * invite secret's attestation (link joiners), or a host's (joiners by approval, {@code admittedBy}).
   */
  default void groupAuthenticated(Optional<Participant> admittedBy) {}

  /**
   * The group this client was welcomed into did not prove that it knows the invite link (or no
   * host attested a joiner by approval) in time: the relay may have shown a fake meeting. The
   * client has left.
   */
  default void groupNotAuthenticated(String reason) {}

  /**
   * Members of the current epoch from which no epoch beacon arrived in time (docs/PROTOCOL.md,
   * "Fork and stall detection"): the relay may be showing members different commits, or withholding
   * them, or their connection is down. Called again with the remaining ones (possibly none) as
   * beacons arrive.
   */
  default void unconfirmedMembers(long epoch, List<Participant> members) {}

  /**
   * A host changed the meeting's settings in the last commit: {@code hosts_changed} or
   * {@code invite_key_changed} (the invite link was rotated).
   */
  default void settingsChanged(List<String> changes, Participant by) {}

  /** A member announced its media state (application message type 5). */
  default void mediaState(Participant member, boolean muted, boolean cameraOff) {}

  /**
   * A host asked this client to mute (type 6): the client mutes only if its user (or program)
   * decides to; nothing is muted remotely.
   */
  default void muteRequested(Participant host) {}

  /** A member announced that it records the meeting ({@code on}), or that it stopped (type 7). */
  default void recording(Participant member, boolean on) {}

  /** A host locked ({@code locked}) or unlocked the meeting (type 8): while locked, nobody is admitted. */
  default void meetingLocked(Participant by, boolean locked) {}

  /** A member removed others by value in its commit (a host's removal, or of unauthorised members). */
  default void membersRemoved(Participant by, List<Participant> removed) {}

  /** This client was removed from the group; it can no longer send or decrypt new media. */
  default void removed() {}

  /**
   * The connection to the relay closed for good: the meeting was closed or ended, the relay refused
   * this client (full, unknown meeting, lobby timeout, replaced by another connection), or this
   * client closed it. A lost connection is not reported here but as {@link #reconnecting}.
   */
  default void disconnected(int code, String reason) {}

  /**
   * The connection was lost ({@code code}, {@code reason} of its close); attempt {@code attempt}
   * to reconnect starts in {@code delay}. Chat sent meanwhile is queued.
   */
  default void reconnecting(int attempt, java.time.Duration delay, int code, String reason) {}

  /**
   * Back in the meeting after a lost connection: resumed with the same leaf ({@code rejoined}
   * false), or, when resuming was not possible, about to join again with a new KeyPackage
   * ({@code rejoined} true; {@link #joined} follows once a member added it).
   */
  default void reconnected(boolean rejoined) {}

  /**
   * A member answered this client's join request without adding it: {@code denied} (a host refused)
   * or {@code invalid_invite} (a wrong or replaced link; a host may still admit it). The relay
   * passes this on from a member and could forge it: it is a hint only.
   */
  default void joinRefused(String reason) {}

  /** Something failed that the client could not handle (e.g. an invalid message was ignored). */
  default void error(String what, Throwable cause) {}
}
