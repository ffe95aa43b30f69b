package io.conclave.server.testing;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.RosterEntry;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.testing.TestServer.Participant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A meeting's MLS group as the delivery service sees it (who holds which leaf), driven by one
 * committer with {@link TestMls} messages. Media flows among members only, so a test that streams
 * media first makes its participants members here.
 */
public final class TestGroup {
  private final String meetingId;
  private final Participant committer;
  private final Map<String, Long> leaves = new HashMap<>();
  private long epoch;
  private long nextLeaf = 1;

  private TestGroup(String meetingId, Participant committer) {
    this.meetingId = meetingId;
    this.committer = committer;
  }

  /** {@code creator} registers the group (epoch 0) and becomes the member at leaf 0. */
  public static TestGroup register(String meetingId, Participant creator) throws InterruptedException {
    creator.client().send(new ClientMessage.RegisterGroup(TestMls.groupInfo(meetingId, 0)));
    creator.client().awaitMessage(ServerMessage.Registered.class);
    TestGroup group = new TestGroup(meetingId, creator);
    group.leaves.put(creator.id(), 0L);
    return group;
  }

  /** {@code creator} registers the group and adds {@code joiners}: all of them are members. */
  public static TestGroup of(String meetingId, Participant creator, Participant... joiners)
      throws InterruptedException {
    TestGroup group = register(meetingId, creator);
    if (joiners.length > 0) {
      group.add(joiners);
    }
    return group;
  }

  /**
   * Each joiner asks to join; the committer adds them all in one commit. Returns once the commit is
   * accepted and every joiner has its Welcome.
   */
  public void add(Participant... joiners) throws InterruptedException {
    List<RosterEntry> added = new ArrayList<>();
    for (Participant j : joiners) {
      j.client().send(new ClientMessage.JoinRequest(TestMls.keyPackage(j.id())));
      ServerMessage.JoinRequest request;
      do {
        request = committer.client().awaitMessage(ServerMessage.JoinRequest.class);
      } while (!request.from().equals(j.id())); // skips requests others made earlier
      added.add(new RosterEntry(j.id(), nextLeaf++));
    }
    commit(added, List.of(), TestMls.welcome());
    for (Participant j : joiners) {
      j.client().awaitMessage(ServerMessage.Welcome.class);
    }
    added.forEach(e -> leaves.put(e.participant(), e.leaf()));
  }

  /** The committer removes {@code member} by a commit; returns once the commit is accepted. */
  public void remove(Participant member) throws InterruptedException {
    Long leaf = leaves.remove(member.id());
    if (leaf == null) {
      throw new IllegalArgumentException(member.id() + " is not a member");
    }
    commit(List.of(), List.of(leaf), null);
  }

  private void commit(List<RosterEntry> added, List<Long> removed, byte[] welcome) throws InterruptedException {
    committer.client().send(new ClientMessage.Commit(epoch, TestMls.commit(meetingId, epoch), welcome,
        TestMls.groupInfo(meetingId, epoch + 1), added, removed));
    committer.client().awaitMessage(ServerMessage.CommitAccepted.class);
    epoch++;
  }
}
