package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RFC 9420 §12.4 in the Java client: while the relay's Remove of a departed member is pending, chat
 * is queued (and {@link MeetingClient#sendChat} does not throw); it goes out, in order, right after
 * the commit of the Remove entered the next epoch.
 */
class PendingProposalQueueTest {
  private static String id(MeetingClient c) {
    return c.participantId().orElseThrow();
  }

  @Test
  void chatWaitsForTheCommitOfThePendingRemove() throws Exception {
    try (LiveMeeting meeting = LiveMeeting.hostile()) {
      MeetingClient a = meeting.create("a");
      InviteLink link = a.inviteLink().orElseThrow();
      // b commits only after 20 s: a (rank 0) is the one that commits the Remove.
      MeetingClient b = meeting.join(link, "b", meeting.config().commitBackoff(Duration.ofSeconds(20)).build());
      MeetingClient c = meeting.join(link, "c");
      long epoch = LiveMeeting.awaitConverged(List.of(a, b, c));

      // a's commit is held back by the adversary until the test lets it through.
      CountDownLatch release = new CountDownLatch(1);
      String aId = id(a);
      meeting.hostile.rules = new HostileRelay.Rules() {
        @Override
        public boolean toServer(HostileRelay.Link l, ClientMessage m) {
          if (m instanceof ClientMessage.Commit && l.participant.equals(aId)) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return true;
        }
      };
      HostileRelay.Link bLink = meeting.hostile.link(id(b));
      c.leave();
      LiveMeeting.await("the relay proposes removing c to b",
          () -> bLink.received.stream().anyMatch(m -> m instanceof ServerMessage.Proposal));
      Thread.sleep(300); // b's event thread stores it
      int before = bLink.sent(ClientMessage.Application.class).size();

      b.sendChat("after c left");
      b.sendChat("second");
      Thread.sleep(500);
      assertThat(bLink.sent(ClientMessage.Application.class)).as("nothing sent while the Remove is pending")
          .hasSize(before);
      assertThat(b.epoch()).isEqualTo(epoch);

      release.countDown();
      LiveMeeting.await("a receives both chats", () -> meeting.recorder(a).chats.size() >= 2);
      List<ChatMessage> chats = meeting.recorder(a).chats;
      assertThat(chats).extracting(ChatMessage::text).containsExactly("after c left", "second");
      assertThat(chats).allMatch(m -> m.epoch() == epoch + 1);
      assertThat(b.roster()).extracting(Participant::name).containsExactly("a", "b");
      // Chat first, in order, then the new epoch's beacon.
      assertThat(bLink.sent(ClientMessage.Application.class)).hasSizeGreaterThanOrEqualTo(before + 3);
      meeting.assertNoClientErrors();
    }
  }
}
