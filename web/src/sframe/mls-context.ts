/**
 * SFrame keyed by MLS (RFC 9605 §5.2). Per epoch the application supplies
 * `base_key = MLS-Exporter("SFrame 1.0 Base Key", "", AEAD.Nk)` and the roster of member
 * indices; per-KID keys are derived on demand and cached as CryptoKeys.
 *
 * Epoch lifecycle: the newest epoch is current (used to send). When a newer one arrives the
 * old one still decrypts for a grace period, then its keys are dropped. An epoch whose low E
 * bits equal a newer epoch's is removed at once, as §5.2 requires on rollover.
 */
import { SFrameError } from './errors.js';
import { U64_MAX, asBytes, type Bytes } from './bytes.js';
import { decodeHeader } from './header.js';
import { indexBitsFor, mlsKid, parseMlsKid } from './mls-kid.js';
import { ReplayWindow } from './replay.js';
import { SFrameKey } from './sframe-key.js';
import { DEFAULT_SUITE_ID, cipherSuite, type CipherSuite, type CipherSuiteId } from './suite.js';

export interface MlsSFrameOptions {
  /** SFrame cipher suite; default AES_128_GCM_SHA256_128. */
  readonly suite?: CipherSuiteId;
  /** E: epoch bits in the KID, 0..8; default 4. At most 2^E epochs can be live at once. */
  readonly epochBits?: number;
  /** Context values (top KID bits) a sender may use, 1..16; default 1. Each has its own key and CTR. */
  readonly contextsPerSender?: number;
  /** How long a superseded epoch still decrypts, in clock milliseconds; default 5 s. */
  readonly gracePeriodMs?: number;
  /** CTR values tracked per KID for replay detection, a multiple of 64 in 64..4096; default 128. */
  readonly replayWindow?: number;
  /** Largest CTR a sender may use in one epoch; default 2^64 - 1. */
  readonly counterLimit?: bigint;
  /** Milliseconds clock; default `Date.now`. Injectable for tests. */
  readonly clock?: () => number;
}

/** What the MLS layer hands over for each epoch. */
export interface MlsEpochKeys {
  readonly epoch: bigint;
  /** `MLS-Exporter("SFrame 1.0 Base Key", "", AEAD.Nk)`; copied, so the caller may wipe it. */
  readonly baseKey: Uint8Array;
  /** Leaf count of the epoch's ratchet tree; gives S, the sender index bits. */
  readonly groupSize: number;
  /** Leaf indices of the members in this epoch, each below `groupSize`. */
  readonly roster: readonly number[];
  /** This member's index; omit for a context that only receives. */
  readonly ownIndex?: number;
}

export interface DecryptedFrame {
  readonly plaintext: Bytes;
  readonly epoch: bigint;
  readonly senderIndex: number;
  readonly context: number;
  readonly kid: bigint;
  readonly ctr: bigint;
}

interface Receiver {
  readonly key: SFrameKey;
  readonly window: ReplayWindow;
}

interface Sender {
  readonly key: Promise<SFrameKey>;
  nextCtr: bigint;
}

class EpochState {
  readonly indexBits: number;
  readonly roster: ReadonlySet<number>;
  readonly receivers = new Map<bigint, Receiver>();
  /**
   * Receiver keys being derived, shared by the frames that arrive meanwhile (frames are decrypted
   * concurrently): each KID is derived once. An entry lasts only until a frame under it
   * authenticated (its key then moves to `receivers`) or failed, so forged KIDs cost no memory.
   */
  readonly deriving = new Map<bigint, Promise<SFrameKey>>();
  readonly senders = new Map<bigint, Sender>();
  /** Clock time after which the epoch is dropped; unset while it is current. */
  expiresAt = Number.POSITIVE_INFINITY;

  constructor(
    readonly epoch: bigint,
    readonly baseKey: Bytes,
    groupSize: number,
    roster: readonly number[],
    readonly ownIndex: number | undefined,
  ) {
    this.roster = new Set(roster);
    this.indexBits = indexBitsFor(groupSize);
  }

  wipe(): void {
    this.baseKey.fill(0);
    this.receivers.clear();
    this.deriving.clear();
    this.senders.clear();
  }
}

function isIntIn(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

export class MlsSFrameContext {
  readonly suite: CipherSuite;
  readonly epochBits: number;
  readonly contextsPerSender: number;
  private readonly gracePeriodMs: number;
  private readonly replayWindow: number;
  private readonly counterLimit: bigint;
  private readonly clock: () => number;
  /** Live epochs by their low E bits. */
  private readonly live = new Map<bigint, EpochState>();
  /** Epochs whose grace period ended, by low E bits, so late frames get EPOCH_EXPIRED. */
  private readonly expired = new Map<bigint, bigint>();
  private current: EpochState | undefined;

  constructor(options: MlsSFrameOptions = {}) {
    this.suite = cipherSuite(options.suite ?? DEFAULT_SUITE_ID);
    this.epochBits = options.epochBits ?? 4;
    this.contextsPerSender = options.contextsPerSender ?? 1;
    this.gracePeriodMs = options.gracePeriodMs ?? 5_000;
    this.replayWindow = options.replayWindow ?? 128;
    this.counterLimit = options.counterLimit ?? U64_MAX;
    this.clock = options.clock ?? Date.now;
    if (!isIntIn(this.epochBits, 0, 8)) throw new SFrameError('INVALID_ARGUMENT', 'epochBits must be 0..8');
    if (!isIntIn(this.contextsPerSender, 1, 16)) {
      throw new SFrameError('INVALID_ARGUMENT', 'contextsPerSender must be 1..16');
    }
    if (!(this.gracePeriodMs >= 0)) throw new SFrameError('INVALID_ARGUMENT', 'gracePeriodMs must be >= 0');
    if (!isIntIn(this.replayWindow, 64, 4096) || this.replayWindow % 64 !== 0) {
      throw new SFrameError('INVALID_ARGUMENT', 'replayWindow must be a multiple of 64 in 64..4096');
    }
    if (this.counterLimit < 0n || this.counterLimit > U64_MAX) {
      throw new SFrameError('INVALID_ARGUMENT', 'counterLimit must be a u64');
    }
  }

  /** The epoch used for sending, if any. */
  get currentEpoch(): bigint | undefined {
    return this.current?.epoch;
  }

  /**
   * Installs a new epoch and makes it current. Epochs must increase, so a base key's
   * counters never restart. The previous epoch enters its grace period.
   */
  addEpoch(keys: MlsEpochKeys): void {
    if (this.current !== undefined && keys.epoch <= this.current.epoch) {
      throw new SFrameError('INVALID_ARGUMENT', `epoch ${keys.epoch} is not after ${this.current.epoch}`);
    }
    if (keys.epoch < 0n || keys.epoch > U64_MAX) throw new SFrameError('INVALID_ARGUMENT', 'epoch must be a u64');
    if (keys.baseKey.length !== this.suite.nk) {
      throw new SFrameError('INVALID_ARGUMENT', `base key must be ${this.suite.nk} bytes`);
    }
    if (!isIntIn(keys.groupSize, 1, 0x7fffffff)) throw new SFrameError('INVALID_ARGUMENT', 'groupSize must be >= 1');
    if (keys.roster.length === 0 || keys.roster.some((i) => !isIntIn(i, 0, keys.groupSize - 1))) {
      throw new SFrameError('INVALID_ARGUMENT', 'roster must be non-empty leaf indices below groupSize');
    }
    if (keys.ownIndex !== undefined && !keys.roster.includes(keys.ownIndex)) {
      throw new SFrameError('INVALID_ARGUMENT', 'own index is not in the roster');
    }
    this.prune();
    const state = new EpochState(keys.epoch, asBytes(new Uint8Array(keys.baseKey)), keys.groupSize, keys.roster, keys.ownIndex);
    const low = this.lowBits(keys.epoch);
    this.live.get(low)?.wipe();
    this.expired.delete(low);
    if (this.current !== undefined) this.current.expiresAt = this.clock() + this.gracePeriodMs;
    this.live.set(low, state);
    this.current = state;
  }

  /**
   * Encrypts with this member's key in the current epoch. The CTR is reserved before any
   * await, so concurrent calls never share one.
   */
  async encrypt(metadata: Uint8Array, plaintext: Uint8Array, context = 0): Promise<Bytes> {
    const state = this.current;
    if (state === undefined || state.ownIndex === undefined) {
      throw new SFrameError('INVALID_ARGUMENT', 'no current epoch with an own index to send with');
    }
    if (!isIntIn(context, 0, this.contextsPerSender - 1)) {
      throw new SFrameError('INVALID_ARGUMENT', `context must be 0..${this.contextsPerSender - 1}`);
    }
    const kid = mlsKid(BigInt(context), state.ownIndex, state.epoch, state.indexBits, this.epochBits);
    let sender = state.senders.get(kid);
    if (sender === undefined) {
      sender = { key: SFrameKey.derive(this.suite, kid, state.baseKey, 'encrypt'), nextCtr: 0n };
      state.senders.set(kid, sender);
    }
    const ctr = sender.nextCtr;
    if (ctr > this.counterLimit) {
      throw new SFrameError('COUNTER_EXHAUSTED', `KID ${kid} used every CTR up to ${this.counterLimit}; start a new epoch`);
    }
    sender.nextCtr = ctr + 1n;
    return (await sender.key).encrypt(ctr, metadata, plaintext);
  }

  /** Decrypts a frame from another member, checking roster, epoch lifetime and replay. */
  async decrypt(metadata: Uint8Array, sframeCiphertext: Uint8Array): Promise<DecryptedFrame> {
    this.prune();
    const header = decodeHeader(sframeCiphertext);
    const low = this.lowBits(header.kid);
    const state = this.live.get(low);
    if (state === undefined) {
      const gone = this.expired.get(low);
      if (gone !== undefined) throw new SFrameError('EPOCH_EXPIRED', `epoch ${gone} ended its grace period`);
      throw new SFrameError('UNKNOWN_KID', `no epoch with low bits ${low} for KID ${header.kid}`);
    }
    const parts = parseMlsKid(header.kid, state.indexBits, this.epochBits);
    if (parts.context >= BigInt(this.contextsPerSender)) {
      throw new SFrameError('UNKNOWN_KID', `KID ${header.kid}: context ${parts.context} is not in use`);
    }
    if (!state.roster.has(parts.senderIndex)) {
      throw new SFrameError('SENDER_NOT_IN_ROSTER', `index ${parts.senderIndex} is not in epoch ${state.epoch}`);
    }
    if (parts.senderIndex === state.ownIndex) {
      throw new SFrameError('UNKNOWN_KID', `KID ${header.kid} is this member's own sending key`);
    }
    const known = state.receivers.get(header.kid);
    known?.window.check(header.ctr);
    // A key enters the cache only once a frame under it authenticated, so forged KIDs cost no memory.
    let deriving: Promise<SFrameKey> | undefined;
    if (known === undefined) {
      deriving = state.deriving.get(header.kid);
      if (deriving === undefined) {
        deriving = SFrameKey.derive(this.suite, header.kid, state.baseKey, 'decrypt');
        state.deriving.set(header.kid, deriving);
      }
    }
    let plaintext: Bytes;
    let receiver: Receiver;
    try {
      receiver = known ?? { key: await deriving!, window: new ReplayWindow(this.replayWindow) };
      plaintext = await receiver.key.decryptAfterHeader(
        header,
        metadata,
        sframeCiphertext.subarray(header.encoded.length),
      );
    } finally {
      if (deriving !== undefined && state.deriving.get(header.kid) === deriving) state.deriving.delete(header.kid);
    }
    const cached = state.receivers.get(header.kid) ?? receiver;
    // Re-checked after the await: a concurrent call may have accepted the same CTR meanwhile.
    cached.window.check(header.ctr);
    cached.window.accept(header.ctr);
    state.receivers.set(header.kid, cached);
    return {
      plaintext,
      epoch: state.epoch,
      senderIndex: parts.senderIndex,
      context: Number(parts.context),
      kid: header.kid,
      ctr: header.ctr,
    };
  }

  /** Drops every superseded epoch whose grace period has ended. */
  private prune(): void {
    const now = this.clock();
    for (const [low, state] of this.live) {
      if (state !== this.current && state.expiresAt <= now) {
        state.wipe();
        this.live.delete(low);
        this.expired.set(low, state.epoch);
      }
    }
  }

  private lowBits(value: bigint): bigint {
    return value & ((1n << BigInt(this.epochBits)) - 1n);
  }
}
