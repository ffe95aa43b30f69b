package io.conclave.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForwardingGroupTest {
  private final List<FakeEndpoint> endpoints = new ArrayList<>();
  private final List<ByteBuf> sent = new ArrayList<>();

  private FakeEndpoint endpoint(String id) {
    FakeEndpoint e = new FakeEndpoint(id);
    endpoints.add(e);
    return e;
  }

  /** Adds {@code e} as a member: its participant holds a leaf. */
  private static ReceiverQueue join(ForwardingGroup group, FakeEndpoint e) {
    ReceiverQueue queue = group.add(e);
    group.setMember(e.id(), true);
    return queue;
  }

  private ByteBuf frame(MediaFrameHeader header, int label, int size) {
    byte[] bytes = new byte[size];
    header.encodeTo(bytes, 0);
    bytes[8] = (byte) label;
    ByteBuf buf = Unpooled.directBuffer(size).writeBytes(bytes);
    sent.add(buf);
    return buf;
  }

  private static MediaFrameHeader audio(int seq) {
    return new MediaFrameHeader(Track.AUDIO, false, 0, 0, seq);
  }

  private static MediaFrameHeader video(int seq, boolean keyframe) {
    return new MediaFrameHeader(Track.CAMERA_VIDEO, keyframe, 0, 0, seq);
  }

  private void send(ForwardingGroup group, FakeEndpoint from, MediaFrameHeader h, int label, int size) {
    group.forward(from, h, frame(h, label, size));
  }

  @AfterEach
  void nothingLeaks() {
    endpoints.forEach(FakeEndpoint::releaseAll);
    assertThat(sent).allSatisfy(b -> assertThat(b.refCnt()).as("frame released").isZero());
  }

  @Test
  void fansOutOneSharedBufferToEveryoneButTheSender() {
    ForwardingGroup group = new ForwardingGroup(QueueLimits.DEFAULT, MediaStats.NONE);
    FakeEndpoint a = endpoint("a");
    FakeEndpoint b = endpoint("b");
    FakeEndpoint c = endpoint("c");
    join(group, a);
    join(group, b);
    join(group, c);
    ByteBuf original = frame(video(1, true), 7, 100);
    byte[] expected = ByteBufUtil.getBytes(original);
    group.forward(a, video(1, true), original);

    assertThat(a.received).isEmpty();
    assertThat(original.refCnt()).as("one reference per receiver").isEqualTo(2);
    for (FakeEndpoint r : List.of(b, c)) {
      assertThat(r.received).singleElement()
          .satisfies(buf -> assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(expected));
    }
    original.setByte(50, 99);
    for (FakeEndpoint r : List.of(b, c)) {
      assertThat(r.received.getFirst().getByte(50)).as("same memory, not a copy").isEqualTo((byte) 99);
    }
  }

  @Test
  void mediaFlowsOnlyAmongMembers() {
    ForwardingGroup group = new ForwardingGroup(QueueLimits.DEFAULT, MediaStats.NONE);
    FakeEndpoint a = endpoint("a");
    FakeEndpoint b = endpoint("b");
    FakeEndpoint lobby = endpoint("lobby");
    join(group, a);
    join(group, b);
    group.add(lobby);

    send(group, a, video(1, true), 1, 100);
    assertThat(b.labels()).containsExactly(1);
    assertThat(lobby.received).as("a non-member receives nothing").isEmpty();

    ByteBuf flood = frame(audio(2), 2, 100);
    group.forward(lobby, audio(2), flood);
    assertThat(flood.refCnt()).as("a non-member's frame is released at once").isZero();
    assertThat(a.received).isEmpty();
    assertThat(b.labels()).containsExactly(1);

    // Admitted, it sends and receives; removed again, it does neither.
    group.setMember("lobby", true);
    send(group, a, audio(3), 3, 100);
    send(group, lobby, audio(4), 4, 100);
    assertThat(lobby.labels()).containsExactly(3);
    assertThat(a.labels()).containsExactly(4);
    group.setMember("lobby", false);
    send(group, a, audio(5), 5, 100);
    send(group, lobby, audio(6), 6, 100);
    assertThat(lobby.labels()).containsExactly(3);
    assertThat(a.labels()).containsExactly(4);
    assertThat(b.labels()).containsExactly(1, 3, 4, 5);
  }

  @Test
  void aSlowReceiverDropsVideoFirstAndAsksForAKeyframeOnce() {
    // 10 frames of 100 bytes at most; video may use half.
    ForwardingGroup group = new ForwardingGroup(new QueueLimits(10, 1000, 0.5), MediaStats.NONE);
    FakeEndpoint sender = endpoint("sender");
    FakeEndpoint fast = endpoint("fast");
    FakeEndpoint slow = endpoint("slow");
    join(group, sender);
    join(group, fast);
    ReceiverQueue slowQueue = join(group, slow);
    slow.writable = false;

    send(group, sender, video(0, true), 0, 100);
    for (int i = 1; i <= 7; i++) {
      send(group, sender, video(i, false), i, 100);
    }
    for (int i = 0; i < 6; i++) {
      send(group, sender, audio(i), 100 + i, 100);
    }
    assertThat(fast.received).hasSize(14);
    assertThat(sender.keyframeRequests).containsExactly(Track.CAMERA_VIDEO);
    assertThat(slowQueue.depth()).isEqualTo(10);

    // Video after the skip is dropped for the slow receiver until a keyframe.
    slow.writable = true;
    slowQueue.drain();
    send(group, sender, video(8, false), 8, 100);
    send(group, sender, video(9, true), 9, 100);
    send(group, sender, video(10, false), 10, 100);

    // Queued: video 0..4 (half of 10 frames); audio 0..5 evicted video 0 to fit the 6th.
    assertThat(slow.labels()).containsExactly(1, 2, 3, 4, 100, 101, 102, 103, 104, 105, 9, 10);
    assertThat(fast.labels()).endsWith(8, 9, 10);
    assertThat(sender.keyframeRequests).hasSize(1);
  }

  @Test
  void audioIsDroppedOnlyWhenTheQueueHoldsNoVideo() {
    ForwardingGroup group = new ForwardingGroup(new QueueLimits(4, 10_000, 0.5), MediaStats.NONE);
    FakeEndpoint sender = endpoint("sender");
    FakeEndpoint slow = endpoint("slow");
    join(group, sender);
    ReceiverQueue queue = join(group, slow);
    slow.writable = false;
    for (int i = 0; i < 6; i++) {
      send(group, sender, audio(i), i, 50);
    }
    assertThat(queue.depth()).isEqualTo(4);
    assertThat(sender.keyframeRequests).isEmpty();
    slow.writable = true;
    queue.drain();
    assertThat(slow.labels()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void removingAReceiverReleasesItsQueue() {
    ForwardingGroup group = new ForwardingGroup(QueueLimits.DEFAULT, MediaStats.NONE);
    FakeEndpoint sender = endpoint("sender");
    FakeEndpoint slow = endpoint("slow");
    join(group, sender);
    join(group, slow);
    slow.writable = false;
    send(group, sender, audio(1), 1, 50);
    send(group, sender, video(2, true), 2, 50);
    group.remove(slow);
    send(group, sender, audio(3), 3, 50);
    assertThat(group.size()).isEqualTo(1);
    assertThat(slow.received).isEmpty();
  }

  @Test
  void aReceiversKeyframeRequestReachesOnlyAConnectedSender() {
    ForwardingGroup group = new ForwardingGroup(QueueLimits.DEFAULT, MediaStats.NONE);
    FakeEndpoint sender = endpoint("sender");
    FakeEndpoint gone = endpoint("gone");
    group.add(sender);
    group.add(gone);
    group.remove(gone);
    group.requestKeyframe("sender", Track.SCREEN_VIDEO);
    group.requestKeyframe("gone", Track.CAMERA_VIDEO);
    group.requestKeyframe("unknown", Track.CAMERA_VIDEO);
    assertThat(sender.keyframeRequests).containsExactly(Track.SCREEN_VIDEO);
    assertThat(gone.keyframeRequests).isEmpty();
  }
}
