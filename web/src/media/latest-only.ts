/**
 * Hands values to a consumer one at a time and, while the consumer is busy, keeps only the newest
 * one: older waiting values are dropped. The decode worker uses it per video stream so a page
 * that cannot draw every decoded picture skips pictures instead of queueing them. A queue of
 * pictures on the page's event loop delays everything else on it, MLS commits included, without
 * bound.
 */
export class LatestOnly<T> {
  private busy = false;
  private waiting: T | undefined;

  /**
   * @param deliver gives a value to the consumer, which calls {@link done} when it is finished
   * @param drop releases a value that will never be delivered (e.g. closes a VideoFrame)
   */
  constructor(private readonly deliver: (value: T) => void, private readonly drop: (value: T) => void) {}

  offer(value: T): void {
    if (!this.busy) {
      this.busy = true;
      this.deliver(value);
      return;
    }
    if (this.waiting !== undefined) this.drop(this.waiting);
    this.waiting = value;
  }

  /** The consumer finished the last delivered value: deliver the newest waiting one, if any. */
  done(): void {
    const next = this.waiting;
    this.waiting = undefined;
    if (next === undefined) {
      this.busy = false;
      return;
    }
    this.deliver(next);
  }
}
