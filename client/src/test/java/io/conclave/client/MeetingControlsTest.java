package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The meeting controls between Java clients on a real relay: media state (application message
 * type 5), a host's mute request (type 6, only a host's is passed on), recording announcements
 * (type 7), a host locking the meeting (type 8: nobody is admitted, not even by link, until it is
 * unlocked), a host making another member a host (a GroupContextExtensions commit of
 * {@code conclave_hosts}) and removing a member (a Remove by value in the host's commit).
 */
class MeetingControlsTest {

  private static int leafOf(MeetingClient viewer, String name) {
    return viewer.roster().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().leafIndex();
  }

  @Test
  void hostControlsAndAnnouncements() throws Exception {
    try (LiveMeeting meeting = new LiveMeeting()) {
      MeetingClient host = meeting.create("host");
      MeetingClient guest = meeting.join(host.inviteLink().orElseThrow(), "guest");
      LiveMeeting.awaitConverged(List.of(host, guest));
      MeetingClient third = meeting.join(host.inviteLink().orElseThrow(), "third");
      LiveMeeting.awaitConverged(List.of(host, guest, third));
      Recorder atHost = meeting.recorder(host);
      Recorder atGuest = meeting.recorder(guest);
      Recorder atThird = meeting.recorder(third);
      int guestLeaf = leafOf(host, "guest");
      int thirdLeaf = leafOf(host, "third");
      int hostLeaf = leafOf(host, "host");

      // Media state: announced now, and again in each new epoch.
      guest.sendMediaState(true, false);
      LiveMeeting.await("guest's media state at the host", () -> atHost.mediaStates.contains("guest muted camera-on"));

      // A non-host's mute request is dropped by its target; a host's is passed on to the user.
      third.askToMute(hostLeaf);
      third.sendChat("after the request");
      LiveMeeting.await("the chat after the request", () -> atHost.chats.stream().anyMatch(c -> c.text().equals("after the request")));
      assertThat(atHost.muteRequests).isEmpty();
      host.askToMute(guestLeaf);
      LiveMeeting.await("the host's mute request at the guest", () -> atGuest.muteRequests.contains("host"));
      // Only the member it names acts on it.
      host.sendChat("marker");
      LiveMeeting.await("marker at third", () -> atThird.chats.stream().anyMatch(c -> c.text().equals("marker")));
      assertThat(atThird.muteRequests).isEmpty();

      // Recording is announced to everyone.
      third.announceRecording(true);
      LiveMeeting.await("the recording announcement", () -> atHost.recordings.contains("third on") && atGuest.recordings.contains("third on"));
      third.announceRecording(false);
      LiveMeeting.await("the end of the recording", () -> atHost.recordings.contains("third off") && atGuest.recordings.contains("third off"));

      // Only a host changes the host list or removes members.
      assertThatThrownBy(() -> third.setHost(thirdLeaf, true)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> third.removeParticipant(guestLeaf)).isInstanceOf(IllegalStateException.class);

      long before = host.epoch();
      host.setHost(guestLeaf, true);
      LiveMeeting.await("guest is a host everywhere", () -> List.of(host, guest, third).stream().allMatch(c -> c.epoch() > before
          && c.roster().stream().anyMatch(p -> p.name().equals("guest") && p.host())));
      LiveMeeting.awaitConverged(List.of(host, guest, third));
      // Reported after the epoch's roster: awaited, not asserted at once.
      LiveMeeting.await("the host change shown to the third member", () -> atThird.settings.contains("hosts_changed"));
      // The media state was sent again in the new epoch.
      LiveMeeting.await("the media state again in the new epoch",
          () -> atHost.mediaStates.stream().filter(s -> s.equals("guest muted camera-on")).count() >= 2);

      // A host locks the meeting: no member admits anyone, not even a link holder.
      host.setLocked(true);
      LiveMeeting.await("the lock at every member", () -> atGuest.locks.contains("host on") && atThird.locks.contains("host on"));
      MeetingClient late = meeting.joinAsync(host.inviteLink().orElseThrow(), "late", meeting.config().build());
      Thread.sleep(3000);
      assertThat(host.roster()).hasSize(3);
      assertThatThrownBy(() -> third.setLocked(false)).isInstanceOf(IllegalStateException.class);
      late.close();
      host.setLocked(false);
      LiveMeeting.await("the unlock at every member", () -> atGuest.locks.contains("host off") && atThird.locks.contains("host off"));
      MeetingClient after = meeting.join(host.inviteLink().orElseThrow(), "after");
      LiveMeeting.awaitConverged(List.of(host, guest, third, after));
      after.leave();
      LiveMeeting.awaitConverged(List.of(host, guest, third));

      // The new host removes the third member: a real MLS Remove, applied by everyone.
      guest.removeParticipant(thirdLeaf);
      LiveMeeting.await("third removed", third::isRemoved);
      LiveMeeting.awaitConverged(List.of(host, guest));
      assertThat(host.roster()).extracting(Participant::name).containsExactlyInAnyOrder("host", "guest");
      LiveMeeting.await("the removal shown to the host", () -> atHost.removals.contains("guest removed third"));
      assertThat(atHost.refused).isEmpty();
      assertThat(atGuest.refused).isEmpty();
    }
  }
}
