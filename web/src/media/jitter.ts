/**
 * Reorders one sender's frames of one track by their 32-bit sequence number (docs/PROTOCOL.md
 * "Media frames") before decoding. A frame is released when it is the next one expected, or when
 * the oldest waiting frame has waited `maxWaitMs` (the missing ones are declared lost). After a
 * loss on a video track nothing but a keyframe is released, since a decoder cannot continue
 * from a gap. On video, a held keyframe supersedes every frame before it: those are dropped rather
 * than decoded, so a receiver that fell behind catches up at the newest keyframe at once.
 */
export interface JitterFrame<T> {
  readonly sequence: number;
  readonly keyframe: boolean;
  readonly payload: T;
  readonly arrivedAt: number;
}

export interface JitterOptions {
  /** How long a frame may wait for an earlier missing one; default 60 ms. */
  readonly maxWaitMs?: number;
  /** Video: after a gap, wait for a keyframe. */
  readonly needsKeyframes: boolean;
  /** Frames held at most; the oldest are released early beyond it. Default 64. */
  readonly capacity?: number;
}

/** Distance from `a` to `b` in u32 sequence space, in -2^31..2^31-1. */
export function seqDiff(b: number, a: number): number {
  return ((b - a + 0x80000000) >>> 0) - 0x80000000;
}

/** Far behind the next expected frame: the sender restarted its counter. */
const RESTART_DISTANCE = 1000;

export class JitterBuffer<T> {
  private readonly held = new Map<number, JitterFrame<T>>();
  private next: number | undefined;
  private waitingForKeyframe: boolean;
  private readonly maxWaitMs: number;
  private readonly capacity: number;
  lost = 0;
  late = 0;
  /** Video frames dropped because a later keyframe was already there. */
  skipped = 0;

  constructor(private readonly options: JitterOptions) {
    this.maxWaitMs = options.maxWaitMs ?? 60;
    this.capacity = options.capacity ?? 64;
    this.waitingForKeyframe = options.needsKeyframes;
  }

  /** True while video is stalled until a keyframe arrives. */
  get needsKeyframe(): boolean {
    return this.waitingForKeyframe;
  }

  push(frame: JitterFrame<T>): void {
    if (this.next !== undefined) {
      const d = seqDiff(frame.sequence, this.next);
      if (d < -RESTART_DISTANCE) {
        this.reset();
      } else if (d < 0) {
        this.late++;
        return;
      }
    }
    if (!this.held.has(frame.sequence)) this.held.set(frame.sequence, frame);
  }

  /**
   * When {@link pop} will next release a frame that waits for a missing predecessor (the oldest
   * waiting frame's arrival plus `maxWaitMs`); undefined when nothing waits. Lets the caller sleep
   * until then instead of polling.
   */
  get releaseAt(): number | undefined {
    if (this.held.size === 0) return undefined;
    return this.oldest().arrivedAt + this.maxWaitMs;
  }

  /** Frames ready to decode at time `now`, in order. */
  pop(now: number): JitterFrame<T>[] {
    const out: JitterFrame<T>[] = [];
    if (this.options.needsKeyframes) this.skipToNewestKeyframe();
    for (;;) {
      if (this.held.size === 0) return out;
      if (this.next === undefined) this.next = this.oldest().sequence;
      const f = this.held.get(this.next);
      if (f !== undefined) {
        this.held.delete(this.next);
        this.next = (this.next + 1) >>> 0;
        this.release(f, out);
        continue;
      }
      const oldest = this.oldest();
      if (now - oldest.arrivedAt < this.maxWaitMs && this.held.size < this.capacity) return out;
      this.lost += seqDiff(oldest.sequence, this.next);
      if (this.options.needsKeyframes) this.waitingForKeyframe = true;
      this.next = oldest.sequence;
    }
  }

  reset(): void {
    this.held.clear();
    this.next = undefined;
    this.waitingForKeyframe = this.options.needsKeyframes;
  }

  private skipToNewestKeyframe(): void {
    if (this.held.size === 0) return;
    const from = this.next ?? this.oldest().sequence;
    let key: JitterFrame<T> | undefined;
    for (const f of this.held.values()) {
      if (f.keyframe && (key === undefined || seqDiff(f.sequence, key.sequence) > 0)) key = f;
    }
    if (key === undefined || seqDiff(key.sequence, from) <= 0) return;
    let dropped = 0;
    for (const s of [...this.held.keys()]) {
      if (seqDiff(s, key.sequence) < 0) {
        this.held.delete(s);
        dropped++;
      }
    }
    this.skipped += dropped;
    this.lost += seqDiff(key.sequence, from) - dropped;
    this.next = key.sequence;
  }

  private release(f: JitterFrame<T>, out: JitterFrame<T>[]): void {
    if (this.waitingForKeyframe) {
      if (!f.keyframe) return;
      this.waitingForKeyframe = false;
    }
    out.push(f);
  }

  private oldest(): JitterFrame<T> {
    let best: JitterFrame<T> | undefined;
    for (const f of this.held.values()) {
      if (best === undefined || (this.next === undefined ? seqDiff(f.sequence, best.sequence) < 0 : seqDiff(f.sequence, this.next) < seqDiff(best.sequence, this.next))) best = f;
    }
    return best!;
  }
}
