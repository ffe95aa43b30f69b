package io.conclave.client;

import io.conclave.client.admission.Admission;
import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.SecurityCode;
import io.conclave.sframe.media.Track;
import java.util.List;

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

  /** This client was removed from the group; it can no longer send or decrypt new media. */
  default void removed() {}

  /** The connection to the relay closed. */
  default void disconnected(int code, String reason) {}

  /** Something failed that the client could not handle (e.g. an invalid message was ignored). */
  default void error(String what, Throwable cause) {}
}
