package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Members that leave one right after the other are all removed at once: each one's bye reaches the
 * relay, so nobody waits out the reconnect grace (30 s by default) before the others see it gone.
 */
class BackToBackLeaveTest {
  @Test
  void twoMembersLeavingInARowAreBothRemovedWithoutWaitingOutTheGrace() throws Exception {
    try (LiveMeeting meeting = new LiveMeeting()) {
      MeetingClient host = meeting.create("host");
      InviteLink link = InviteLink.parse(host.inviteLink().orElseThrow().format());
      List<MeetingClient> all = new ArrayList<>(List.of(host));
      for (String name : List.of("a", "b", "c")) {
        all.add(meeting.join(link, name));
        LiveMeeting.awaitConverged(all);
      }
      // Media keeps flowing to the leavers while they leave, as in a real meeting.
      Thread streamer = new Thread(() -> {
        byte[] payload = new byte[4000];
        for (int seq = 0; !Thread.currentThread().isInterrupted(); seq++) {
          try {
            host.sendMedia(new io.conclave.sframe.media.MediaFrameHeader(io.conclave.sframe.media.Track.CAMERA_VIDEO, seq % 30 == 0, 0, 0, seq), payload);
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          } catch (IllegalStateException e) {
            // between epochs
          }
        }
      });
      streamer.start();
      Thread.sleep(2000);
      long start = System.nanoTime();
      all.remove(1).leave();
      all.remove(1).leave();
      LiveMeeting.awaitConverged(all);
      long ms = (System.nanoTime() - start) / 1_000_000;
      streamer.interrupt();
      assertThat(all.getFirst().roster()).hasSize(2);
      assertThat(ms).as("both removed well within the 30 s grace").isLessThan(10_000);
    }
  }
}
