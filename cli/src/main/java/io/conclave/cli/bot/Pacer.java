package io.conclave.cli.bot;

import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Sends the frames of several {@link MediaLoop}s in real time: frame i of pass n of a loop goes
 * out at {@code start + n * period + offset(i)}, so each track keeps its own clock and the passes
 * join without drift. Each track's sequence numbers count up from 0 across passes. One thread.
 */
public final class Pacer {
  private final List<MediaLoop> loops;
  private final FrameSink sink;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;

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
   * Plays until {@code durationNanos} have passed since the call (or forever if negative) or the
   * thread is interrupted.
   *
   * @return how many frames were sent
   */
  public long run(long durationNanos) throws InterruptedException {
    long start = nanoClock.getAsLong();
    int[] index = new int[loops.size()];
    long[] pass = new long[loops.size()];
    Map<Track, Long> sequence = new EnumMap<>(Track.class);
    long sent = 0;
    while (!Thread.currentThread().isInterrupted()) {
      int next = 0;
      long due = Long.MAX_VALUE;
      for (int i = 0; i < loops.size(); i++) {
        MediaLoop loop = loops.get(i);
        long at = start + (pass[i] * loop.periodMicros() + loop.frames().get(index[i]).offsetMicros()) * 1000;
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
}
