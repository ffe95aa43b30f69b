package io.conclave.client;

import io.conclave.admission.Admission;
import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.SecurityCode;
import io.conclave.sframe.media.Track;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps everything a client reports, for assertions. */
final class Recorder implements MeetingListener {
  final String name;
  final List<ChatMessage> chats = new CopyOnWriteArrayList<>();
  final List<ReceivedFrame> frames = new CopyOnWriteArrayList<>();
  final Map<Long, SecurityCode> codes = new ConcurrentHashMap<>();
  final List<Admission> unauthorised = new CopyOnWriteArrayList<>();
  final List<String> keyWarnings = new CopyOnWriteArrayList<>();
  final List<String> errors = new CopyOnWriteArrayList<>();
  final List<Track> keyframeRequests = new CopyOnWriteArrayList<>();
  final List<String> refused = new CopyOnWriteArrayList<>();
  final List<String> notAuthenticated = new CopyOnWriteArrayList<>();
  final List<Optional<Participant>> authenticated = new CopyOnWriteArrayList<>();
  /** The latest report of members that did not confirm the epoch, by epoch. */
  final Map<Long, List<Participant>> unconfirmed = new ConcurrentHashMap<>();
  final List<String> settings = new CopyOnWriteArrayList<>();
  final List<String> renamed = new CopyOnWriteArrayList<>();
  volatile boolean removed;

  Recorder(String name) {
    this.name = name;
  }

  @Override
  public void epochChanged(long epoch, List<Participant> roster, SecurityCode code) {
    codes.put(epoch, code);
  }

  @Override
  public void chat(ChatMessage message) {
    chats.add(message);
  }

  @Override
  public void media(ReceivedFrame frame) {
    frames.add(frame);
  }

  @Override
  public void unauthorisedMember(Admission admission) {
    unauthorised.add(admission);
  }

  @Override
  public void keyChanged(String who, Fingerprint pinned, Fingerprint presented) {
    keyWarnings.add(who);
  }

  @Override
  public void keyRenamed(Fingerprint key, String pinnedName, String presentedName) {
    renamed.add(pinnedName + " -> " + presentedName);
  }

  @Override
  public void commitRefused(long epoch, String rule) {
    refused.add(rule);
  }

  @Override
  public void groupAuthenticated(Optional<Participant> admittedBy) {
    authenticated.add(admittedBy);
  }

  @Override
  public void groupNotAuthenticated(String reason) {
    notAuthenticated.add(reason);
  }

  @Override
  public void unconfirmedMembers(long epoch, List<Participant> members) {
    unconfirmed.put(epoch, List.copyOf(members));
  }

  @Override
  public void settingsChanged(List<String> changes, Participant by) {
    settings.addAll(changes);
  }

  @Override
  public void keyframeRequested(Track track) {
    keyframeRequests.add(track);
  }

  final List<String> mediaStates = new CopyOnWriteArrayList<>();
  final List<String> muteRequests = new CopyOnWriteArrayList<>();
  final List<String> recordings = new CopyOnWriteArrayList<>();
  final List<String> removals = new CopyOnWriteArrayList<>();
  final List<String> locks = new CopyOnWriteArrayList<>();

  @Override
  public void meetingLocked(Participant by, boolean locked) {
    locks.add(by.name() + (locked ? " on" : " off"));
  }

  @Override
  public void mediaState(Participant member, boolean muted, boolean cameraOff) {
    mediaStates.add(member.name() + (muted ? " muted" : " unmuted") + (cameraOff ? " camera-off" : " camera-on"));
  }

  @Override
  public void muteRequested(Participant host) {
    muteRequests.add(host.name());
  }

  @Override
  public void recording(Participant member, boolean on) {
    recordings.add(member.name() + (on ? " on" : " off"));
  }

  @Override
  public void membersRemoved(Participant by, List<Participant> removed) {
    removed.forEach(p -> removals.add(by.name() + " removed " + p.name()));
  }

  @Override
  public void removed() {
    removed = true;
  }

  @Override
  public void error(String what, Throwable cause) {
    errors.add(what + ": " + cause);
    System.err.println("[" + name + "] " + what + ": " + cause);
  }
}
