package io.conclave.cli.bot;

import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Sends the frames of several {@link MediaLoop}s in real time: frame i of pass n of a loop goes
 * out at {@code start + n * period + offset(i)}, so each track keeps its own clock and the passes
 * join without drift. Each track's sequence numbers count up from 0 across passes. One thread
 * runs it; {@link #requestKeyframe(Track)} may be called from any other.
 */
public final class Pacer {
  private final List<MediaLoop> loops;
  private final FrameSink sink;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private final Set<Track> keyframeRequests = ConcurrentHashMap.newKeySet();

  /** Waits; tests replace it to run without sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  public Pacer(List<MediaLoop> loops, FrameSink sink) {
    this(loops, sink, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  public Pacer(List<MediaLoop> loops, FrameSink sink, LongSupplier nanoClock, Sleeper sleeper) {
    if (loops.isEmpty()) {
      throw new IllegalArgumentException("nothing to play");
    }
    if (loops.stream().map(MediaLoop::track).distinct().count() != loops.size()) {
      throw new IllegalArgumentException("one file per track");
    }
    this.loops = List.copyOf(loops);
    this.sink = sink;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  /**
   * Answers the relay's {@code keyframe_request} (docs/PROTOCOL.md): the next frame sent on
   * {@code track} is the loop's next keyframe, sent when the skipped frame was due; the frames
   * after it keep their spacing. Ignored for a track with no keyframe (audio).
   */
  public void requestKeyframe(Track track) {
    keyframeRequests.add(track);
  }

  /**
   * Plays until {@code durationNanos} have passed since the call (or forever if negative) or the
   * thread is interrupted.
   *
   * @return how many frames were sent
   */
  public long run(long durationNanos) throws InterruptedException {
    long start = nanoClock.getAsLong();
    int[] index = new int[loops.size()];
    long[] pass = new long[loops.size()];
    // Per loop, how much of its timeline keyframe requests skipped, in microseconds.
    long[] skipped = new long[loops.size()];
    Map<Track, Long> sequence = new EnumMap<>(Track.class);
    long sent = 0;
    while (!Thread.currentThread().isInterrupted()) {
      int next = 0;
      long due = Long.MAX_VALUE;
      for (int i = 0; i < loops.size(); i++) {
        MediaLoop loop = loops.get(i);
        if (keyframeRequests.remove(loop.track())) {
          skipToKeyframe(i, index, pass, skipped);
        }
        long at = start
            + (pass[i] * loop.periodMicros() + loop.frames().get(index[i]).offsetMicros() - skipped[i]) * 1000;
        if (at < due) {
          due = at;
          next = i;
        }
      }
      if (durationNanos >= 0 && due - start >= durationNanos) {
        return sent;
      }
      long wait = due - nanoClock.getAsLong();
      if (wait > 0) {
        sleeper.sleepNanos(wait);
      }
      MediaLoop loop = loops.get(next);
      TimedFrame f = loop.frames().get(index[next]);
      long seq = sequence.merge(loop.track(), 1L, Long::sum) - 1;
      sink.send(new MediaFrameHeader(f.track(), f.keyframe(), 0, 0, seq & 0xffff_ffffL), f.payload());
      sent++;
      if (++index[next] == loop.frames().size()) {
        index[next] = 0;
        pass[next]++;
      }
    }
    return sent;
  }

  /** Moves loop {@code i} forward (wrapping into the next pass if needed) to its next keyframe. */
  private void skipToKeyframe(int i, int[] index, long[] pass, long[] skipped) {
    MediaLoop loop = loops.get(i);
    List<TimedFrame> frames = loop.frames();
    for (int step = 0; step < frames.size(); step++) {
      int k = (index[i] + step) % frames.size();
      if (frames.get(k).keyframe()) {
        int wraps = index[i] + step >= frames.size() ? 1 : 0;
        skipped[i] += wraps * loop.periodMicros() + frames.get(k).offsetMicros() - frames.get(index[i]).offsetMicros();
        pass[i] += wraps;
        index[i] = k;
        return;
      }
    }
  }
}
