package io.conclave.server.media;

import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selective forwarding among a set of endpoints: every frame of a member goes to every other
 * member, through each receiver's {@link ReceiverQueue}. Endpoints that are not members (a
 * participant in the lobby or waiting for approval, one removed or gone) neither send nor receive
 * media: they hold no key to use it, and would otherwise learn the meeting's traffic or flood its
 * members. All receivers share the one received buffer: each gets a retained duplicate (its own
 * indices, the same memory), never a copy.
 */
public final class ForwardingGroup {
  private final QueueLimits limits;
  private final MediaStats stats;
  private final Map<String, ReceiverQueue> receivers = new ConcurrentHashMap<>();
  /** Ids of the endpoints whose participant holds a leaf and has not left; set by the meeting. */
  private final Set<String> members = ConcurrentHashMap.newKeySet();

  public ForwardingGroup(QueueLimits limits, MediaStats stats) {
    this.limits = limits;
    this.stats = stats;
  }

  /** Adds a receiver (replacing one with the same id, whose queue is released). */
  public ReceiverQueue add(MediaEndpoint endpoint) {
    ReceiverQueue queue = new ReceiverQueue(endpoint, limits, stats);
    ReceiverQueue old = receivers.put(endpoint.id(), queue);
    if (old != null) {
      old.close();
    }
    return queue;
  }

  /** Removes {@code endpoint} if it is still the one registered under its id. */
  public void remove(MediaEndpoint endpoint) {
    ReceiverQueue queue = receivers.get(endpoint.id());
    if (queue != null && queue.receiver() == endpoint && receivers.remove(endpoint.id(), queue)) {
      queue.close();
      receivers.values().forEach(q -> q.forget(endpoint.id()));
    }
  }

  /**
   * A receiver cannot decode {@code senderId}'s video on {@code track}: asks that sender for a
   * keyframe, through the same per-track rate limit as the requests of the queues. Nothing happens
   * if the sender has no endpoint here.
   */
  public void requestKeyframe(String senderId, Track track) {
    ReceiverQueue queue = receivers.get(senderId);
    if (queue != null) {
      stats.keyframeRequestedByReceiver();
      queue.receiver().requestKeyframe(track);
    }
  }

  /** Whether the endpoint {@code id} takes part in media (its participant holds a leaf). */
  public void setMember(String id, boolean member) {
    if (member) {
      members.add(id);
    } else {
      members.remove(id);
    }
  }

  /** Releases every queue and forgets the members: the meeting closed. */
  public void clear() {
    receivers.values().forEach(ReceiverQueue::close);
    receivers.clear();
    members.clear();
  }

  public int size() {
    return receivers.size();
  }

  /**
   * Forwards {@code frame} from {@code sender} to all other members; a non-member's frame is
   * dropped. Takes ownership of {@code frame}: it is released here once every receiver holds its
   * own reference.
   */
  public void forward(MediaEndpoint sender, MediaFrameHeader header, ByteBuf frame) {
    long start = System.nanoTime();
    try {
      stats.frameIn(frame.readableBytes());
      if (!members.contains(sender.id())) {
        stats.dropped(header.track() != Track.AUDIO, MediaStats.DropReason.NOT_A_MEMBER);
        return;
      }
      for (ReceiverQueue queue : receivers.values()) {
        if (queue.receiver() != sender && members.contains(queue.receiver().id())) {
          queue.offer(sender, header, frame.retainedDuplicate());
        }
      }
      stats.fannedOut(System.nanoTime() - start);
    } finally {
      frame.release();
    }
  }
}
