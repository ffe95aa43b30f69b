package io.conclave.server.media;

import io.conclave.server.media.MediaStats.DropReason;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * The bounded queue in front of one receiver (DESIGN.md, "Relay behaviour"). Frames are offered
 * from any sender's thread and handled on the receiver's executor only, so a slow receiver costs
 * the senders nothing but a task submission. Frames wait here only while the receiver's transport
 * is not writable.
 *
 * <p>Policy when the receiver falls behind: video may fill only part of the queue, and arriving
 * audio evicts queued video, so video is dropped before audio. Once a sender's video on a track
 * was dropped for this receiver, its following frames on that track are dropped too until a
 * keyframe arrives (later frames would not decode without the skipped ones), and the sender is
 * asked once for that keyframe.
 */
public final class ReceiverQueue {
  private record Queued(MediaEndpoint sender, Track track, int size, ByteBuf frame) {
    boolean video() {
      return track != Track.AUDIO;
    }
  }

  private record SenderTrack(String sender, Track track) {}

  private final MediaEndpoint receiver;
  private final QueueLimits limits;
  private final MediaStats stats;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final Set<SenderTrack> awaitingKeyframe = new HashSet<>();
  private int bytes;
  private boolean closed;

  ReceiverQueue(MediaEndpoint receiver, QueueLimits limits, MediaStats stats) {
    this.receiver = receiver;
    this.limits = limits;
    this.stats = stats;
  }

  public MediaEndpoint receiver() {
    return receiver;
  }

  /** Hands {@code frame} (owned by this call from now on) to the receiver's thread. */
  void offer(MediaEndpoint sender, MediaFrameHeader header, ByteBuf frame) {
    if (receiver.executor().inEventLoop()) {
      enqueue(sender, header, frame);
      return;
    }
    try {
      receiver.executor().execute(() -> enqueue(sender, header, frame));
    } catch (RejectedExecutionException e) {
      frame.release();
      stats.dropped(header.track() != Track.AUDIO, DropReason.RECEIVER_GONE);
    }
  }

  private void enqueue(MediaEndpoint sender, MediaFrameHeader header, ByteBuf frame) {
    Track track = header.track();
    boolean video = track != Track.AUDIO;
    if (closed) {
      drop(frame, video, DropReason.RECEIVER_GONE);
      return;
    }
    if (video) {
      SenderTrack key = new SenderTrack(sender.id(), track);
      if (awaitingKeyframe.contains(key)) {
        if (!header.keyframe()) {
          drop(frame, true, DropReason.AWAITING_KEYFRAME);
          return;
        }
        awaitingKeyframe.remove(key);
      }
    }
    int size = frame.readableBytes();
    if (!video) {
      evictVideoFor(size);
    }
    if (!limits.fits(queue.size() + 1, bytes + size, video)) {
      drop(frame, video, DropReason.QUEUE_FULL);
      if (video) {
        skip(sender, track);
      }
      return;
    }
    queue.add(new Queued(sender, track, size, frame));
    bytes += size;
    stats.queued(1);
    drain();
  }

  private void evictVideoFor(int size) {
    Iterator<Queued> it = queue.iterator();
    while (!limits.fits(queue.size() + 1, bytes + size, false) && it.hasNext()) {
      Queued q = it.next();
      if (q.video()) {
        it.remove();
        bytes -= q.size();
        stats.queued(-1);
        drop(q.frame(), true, DropReason.EVICTED_FOR_AUDIO);
        skip(q.sender(), q.track());
      }
    }
  }

  private void drop(ByteBuf frame, boolean video, DropReason reason) {
    frame.release();
    stats.dropped(video, reason);
  }

  private void skip(MediaEndpoint sender, Track track) {
    if (awaitingKeyframe.add(new SenderTrack(sender.id(), track))) {
      stats.keyframeRequested();
      sender.requestKeyframe(track);
    }
  }

  /** Writes queued frames while the receiver is writable. Call on the receiver's executor. */
  public void drain() {
    boolean wrote = false;
    while (!queue.isEmpty() && receiver.isWritable()) {
      Queued q = queue.poll();
      bytes -= q.size();
      stats.queued(-1);
      stats.frameOut(q.size());
      receiver.write(q.frame());
      wrote = true;
    }
    if (wrote) {
      receiver.flush();
    }
  }

  /** Frames queued now. Call on the receiver's executor. */
  int depth() {
    return queue.size();
  }

  /** Forgets a sender that left. */
  void forget(String senderId) {
    receiver.executor().execute(() -> awaitingKeyframe.removeIf(k -> k.sender().equals(senderId)));
  }

  /** Releases everything queued; later offers are dropped. */
  void close() {
    Runnable close = () -> {
      closed = true;
      while (!queue.isEmpty()) {
        Queued q = queue.poll();
        stats.queued(-1);
        drop(q.frame(), q.video(), DropReason.RECEIVER_GONE);
      }
      bytes = 0;
      awaitingKeyframe.clear();
    };
    if (receiver.executor().inEventLoop()) {
      close.run();
    } else {
      try {
        receiver.executor().execute(close);
      } catch (RejectedExecutionException e) {
        close.run();
      }
    }
  }
}
