/**
 * Counter-based anti-replay for one KID, after RFC 3711 §3.3.2 as RFC 9605 "Anti-Replay"
 * suggests: a sliding window below the highest CTR accepted so far.
 */
import { SFrameError } from './errors.js';

export class ReplayWindow {
  /** Highest CTR accepted, or -1 before the first frame. */
  private highest = -1n;
  /** Bit i set: CTR `highest - i` was accepted. */
  private seen = 0n;

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new SFrameError('INVALID_ARGUMENT', 'replay window size must be >= 1');
  }

  /** Throws `REPLAY` if `ctr` was accepted before or is too old to tell. */
  check(ctr: bigint): void {
    if (ctr > this.highest) return;
    const age = this.highest - ctr;
    if (age >= BigInt(this.size)) throw new SFrameError('REPLAY', `CTR ${ctr} is older than the replay window`);
    if ((this.seen >> age) & 1n) throw new SFrameError('REPLAY', `CTR ${ctr} was already received`);
  }

  /** Records an authenticated frame; call only after {@link check} passed and the tag verified. */
  accept(ctr: bigint): void {
    const mask = (1n << BigInt(this.size)) - 1n;
    if (ctr > this.highest) {
      const shift = this.highest < 0n ? BigInt(this.size) : ctr - this.highest;
      this.seen = shift >= BigInt(this.size) ? 1n : ((this.seen << shift) | 1n) & mask;
      this.highest = ctr;
    } else {
      this.seen |= 1n << (this.highest - ctr);
    }
  }
}
