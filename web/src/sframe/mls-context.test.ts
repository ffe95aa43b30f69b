import { beforeEach, describe, expect, it, vi } from 'vitest';
import { asyncCodeOf, codeOf } from '../testing/errors.js';
import { decodeHeader, encodeHeader } from './header.js';
import { MlsSFrameContext, type MlsSFrameOptions } from './mls-context.js';
import { mlsKid } from './mls-kid.js';
import { SFrameKey } from './sframe-key.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const META = enc.encode('meta');

function baseKey(epoch: number, length = 16): Uint8Array {
  return new Uint8Array(length).fill(epoch + 1);
}

/** Three members 0, 1, 3 (leaf 2 blank) plus a clock the test moves by hand. */
class Group {
  now = 1_000;
  readonly members = new Map<number, MlsSFrameContext>();

  constructor(options: MlsSFrameOptions = {}) {
    for (const index of [0, 1, 3]) {
      this.members.set(index, new MlsSFrameContext({ gracePeriodMs: 5_000, clock: () => this.now, ...options }));
    }
  }

  epoch(epoch: number, roster: readonly number[] = [0, 1, 3]): void {
    for (const [index, ctx] of this.members) {
      ctx.addEpoch({ epoch: BigInt(epoch), baseKey: baseKey(epoch, ctx.suite.nk), groupSize: 4, roster, ownIndex: index });
    }
  }

  member(index: number): MlsSFrameContext {
    return this.members.get(index)!;
  }
}

describe('MlsSFrameContext (RFC 9605 §5.2)', () => {
  let group: Group;
  beforeEach(() => {
    group = new Group();
    group.epoch(7);
  });

  it('delivers each sender’s frames to every other member', async () => {
    for (const from of [0, 1, 3]) {
      const frame = await group.member(from).encrypt(META, enc.encode(`hello from ${from}`));
      for (const to of [0, 1, 3].filter((i) => i !== from)) {
        const out = await group.member(to).decrypt(META, frame);
        expect(dec.decode(out.plaintext)).toBe(`hello from ${from}`);
        expect(out.senderIndex).toBe(from);
        expect(out.epoch).toBe(7n);
      }
    }
  });

  it('builds the KID from context, index and low epoch bits with S from the group size', async () => {
    const g = new Group({ contextsPerSender: 6 });
    g.epoch(7);
    const frame = await g.member(3).encrypt(META, enc.encode('x'), 5);
    // Group size 4 → S = 2; E = 4; epoch 7.
    expect(decodeHeader(frame).kid).toBe(mlsKid(5n, 3, 7n, 2, 4));
    expect(decodeHeader(frame).kid).toBe((5n << 6n) | (3n << 4n) | 7n);
    const out = await g.member(0).decrypt(META, frame);
    expect(out.context).toBe(5);
  });

  it('refuses contexts beyond contextsPerSender, sending and receiving', async () => {
    const wide = new Group({ contextsPerSender: 2 });
    wide.epoch(7);
    const frame = await wide.member(1).encrypt(META, enc.encode('x'), 1);
    expect(await asyncCodeOf(() => group.member(0).decrypt(META, frame))).toBe('UNKNOWN_KID');
    expect(await asyncCodeOf(() => group.member(0).encrypt(META, enc.encode('x'), 1))).toBe('INVALID_ARGUMENT');
  });

  it('takes S from the group size, not from the roster', async () => {
    const big = new Group({ contextsPerSender: 2 });
    for (const [index, ctx] of big.members) {
      ctx.addEpoch({ epoch: 2n, baseKey: baseKey(2), groupSize: 100, roster: [0, 1, 3], ownIndex: index });
    }
    // S = 7 for 100 leaves: context 1 sits above 7 index bits and 4 epoch bits.
    const frame = await big.member(3).encrypt(META, enc.encode('x'), 1);
    expect(decodeHeader(frame).kid).toBe((1n << 11n) | (3n << 4n) | 2n);
    const out = await big.member(1).decrypt(META, frame);
    expect([out.senderIndex, out.context]).toEqual([3, 1]);
  });

  it('counts CTR up from zero and never repeats it', async () => {
    const ctrs = await Promise.all(
      Array.from({ length: 20 }, async () => decodeHeader(await group.member(0).encrypt(META, enc.encode('x'))).ctr),
    );
    expect(ctrs).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
  });

  it('rejects a replayed frame', async () => {
    const frame = await group.member(1).encrypt(META, enc.encode('once'));
    await group.member(0).decrypt(META, frame);
    expect(await asyncCodeOf(() => group.member(0).decrypt(META, frame))).toBe('REPLAY');
    // Another receiver has its own window.
    expect(dec.decode((await group.member(3).decrypt(META, frame)).plaintext)).toBe('once');
  });

  it('accepts reordering inside the window and rejects frames older than it', async () => {
    const small = new Group({ replayWindow: 64 });
    small.epoch(1);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 70; i++) frames.push(await small.member(1).encrypt(META, enc.encode(`f${i}`)));
    const rx = small.member(0);
    await rx.decrypt(META, frames[69]!);
    await rx.decrypt(META, frames[10]!);
    await rx.decrypt(META, frames[6]!);
    expect(await asyncCodeOf(() => rx.decrypt(META, frames[10]!))).toBe('REPLAY');
    expect(await asyncCodeOf(() => rx.decrypt(META, frames[5]!))).toBe('REPLAY');
    expect(dec.decode((await rx.decrypt(META, frames[68]!)).plaintext)).toBe('f68');
  });

  it('derives a new sender\'s key once for frames decrypted concurrently, in any order', async () => {
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) frames.push(await group.member(1).encrypt(META, enc.encode(`f${i}`)));
    const derive = vi.spyOn(SFrameKey, 'derive');
    try {
      const got = await Promise.all([...frames].reverse().map((f) => group.member(0).decrypt(META, f)));
      expect(got.map((g) => dec.decode(g.plaintext)).reverse()).toEqual(frames.map((_, i) => `f${i}`));
      expect(derive).toHaveBeenCalledTimes(1);
      // A replay is still caught across the concurrent decryptions.
      expect(await asyncCodeOf(() => group.member(0).decrypt(META, frames[3]!))).toBe('REPLAY');
    } finally {
      derive.mockRestore();
    }
  });

  it('forgets a key derivation whose frame did not authenticate', async () => {
    const frame = await group.member(1).encrypt(META, enc.encode('real'));
    const forged = frame.slice();
    forged[forged.length - 1]! ^= 1;
    const derive = vi.spyOn(SFrameKey, 'derive');
    try {
      expect(await asyncCodeOf(() => group.member(0).decrypt(META, forged))).toBe('AUTH_FAILED');
      expect(dec.decode((await group.member(0).decrypt(META, frame)).plaintext)).toBe('real');
      expect(derive).toHaveBeenCalledTimes(2);
    } finally {
      derive.mockRestore();
    }
  });

  it('does not let a forged frame advance the replay window', async () => {
    const frame = await group.member(1).encrypt(META, enc.encode('real'));
    const forged = frame.slice();
    forged[forged.length - 1]! ^= 1;
    expect(await asyncCodeOf(() => group.member(0).decrypt(META, forged))).toBe('AUTH_FAILED');
    expect(dec.decode((await group.member(0).decrypt(META, frame)).plaintext)).toBe('real');
  });

  it('reports an unknown KID for an epoch it never had', async () => {
    const other = new Group();
    other.epoch(8);
    const frame = await other.member(1).encrypt(META, enc.encode('x'));
    expect(await asyncCodeOf(() => group.member(0).decrypt(META, frame))).toBe('UNKNOWN_KID');
  });

  it('reports a sender index outside the roster', async () => {
    // Leaf 2 is blank in epoch 7: a frame claiming it is refused before any key is derived.
    const header = encodeHeader(mlsKid(0n, 2, 7n, 2, 4), 0n);
    const frame = new Uint8Array([...header, ...new Uint8Array(32)]);
    expect(await asyncCodeOf(() => group.member(0).decrypt(META, frame))).toBe('SENDER_NOT_IN_ROSTER');
  });

  it('refuses frames under its own sending key', async () => {
    const frame = await group.member(0).encrypt(META, enc.encode('echo'));
    expect(await asyncCodeOf(() => group.member(0).decrypt(META, frame))).toBe('UNKNOWN_KID');
  });

  it('keeps the previous epoch for the grace period, then drops it', async () => {
    const old = await group.member(1).encrypt(META, enc.encode('old'));
    const older = await group.member(1).encrypt(META, enc.encode('older'));
    group.epoch(8);
    const fresh = await group.member(1).encrypt(META, enc.encode('new'));
    expect(decodeHeader(fresh).kid & 0xfn).toBe(8n);
    group.now += 4_999;
    expect(dec.decode((await group.member(0).decrypt(META, old)).plaintext)).toBe('old');
    group.now += 1;
    expect(await asyncCodeOf(() => group.member(0).decrypt(META, older))).toBe('EPOCH_EXPIRED');
    expect(dec.decode((await group.member(0).decrypt(META, fresh)).plaintext)).toBe('new');
  });

  it('sends only in the newest epoch', async () => {
    group.epoch(8);
    const frame = await group.member(3).encrypt(META, enc.encode('x'));
    expect((await group.member(0).decrypt(META, frame)).epoch).toBe(8n);
  });

  it('drops an old epoch at once when a new epoch reuses its low bits (rollover)', async () => {
    const small = new Group({ epochBits: 1, gracePeriodMs: 60_000 });
    small.epoch(4);
    const e4 = await small.member(1).encrypt(META, enc.encode('e4'));
    const e4late = await small.member(1).encrypt(META, enc.encode('e4 late'));
    small.epoch(5);
    const e5 = await small.member(1).encrypt(META, enc.encode('e5'));
    expect(dec.decode((await small.member(0).decrypt(META, e4)).plaintext)).toBe('e4');
    small.epoch(6); // same low bit as 4: epoch 4 goes although its grace period has not ended
    const e6 = await small.member(3).encrypt(META, enc.encode('e6'));
    expect((await small.member(0).decrypt(META, e6)).epoch).toBe(6n);
    // Epoch 4's KID now resolves to epoch 6, whose key cannot authenticate it.
    expect(await asyncCodeOf(() => small.member(0).decrypt(META, e4late))).toBe('AUTH_FAILED');
    expect(dec.decode((await small.member(0).decrypt(META, e5)).plaintext)).toBe('e5');
  });

  it('stops sending when the counter is exhausted', async () => {
    const limited = new Group({ counterLimit: 1n, contextsPerSender: 2 });
    limited.epoch(1);
    await limited.member(0).encrypt(META, enc.encode('0'));
    await limited.member(0).encrypt(META, enc.encode('1'));
    expect(await asyncCodeOf(() => limited.member(0).encrypt(META, enc.encode('2')))).toBe('COUNTER_EXHAUSTED');
    // Another context is another KID with its own counter.
    expect(decodeHeader(await limited.member(0).encrypt(META, enc.encode('c'), 1)).ctr).toBe(0n);
    limited.epoch(2);
    expect(decodeHeader(await limited.member(0).encrypt(META, enc.encode('e2'))).ctr).toBe(0n);
  });

  it('refuses epochs that do not increase, bad keys and bad rosters', () => {
    const ctx = group.member(0);
    const ok = { epoch: 9n, baseKey: baseKey(9), groupSize: 4, roster: [0, 1] };
    expect(codeOf(() => ctx.addEpoch({ ...ok, epoch: 7n }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => ctx.addEpoch({ ...ok, baseKey: new Uint8Array(15) }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => ctx.addEpoch({ ...ok, roster: [] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => ctx.addEpoch({ ...ok, roster: [0, 4] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => ctx.addEpoch({ ...ok, groupSize: 0 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => ctx.addEpoch({ ...ok, roster: [1], ownIndex: 0 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new MlsSFrameContext({ epochBits: 9 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new MlsSFrameContext({ replayWindow: 100 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new MlsSFrameContext({ contextsPerSender: 17 }))).toBe('INVALID_ARGUMENT');
  });

  it('cannot send without an own index', async () => {
    const listener = new MlsSFrameContext();
    listener.addEpoch({ epoch: 7n, baseKey: baseKey(7), groupSize: 4, roster: [0, 1, 3] });
    expect(await asyncCodeOf(() => listener.encrypt(META, enc.encode('x')))).toBe('INVALID_ARGUMENT');
    const frame = await group.member(3).encrypt(META, enc.encode('heard'));
    expect(dec.decode((await listener.decrypt(META, frame)).plaintext)).toBe('heard');
  });

  it.each([1, 2, 3, 4, 5] as const)('round-trips with suite %i', async (suite) => {
    const g = new Group({ suite });
    g.epoch(1);
    const frame = await g.member(1).encrypt(META, enc.encode(`suite ${suite}`));
    expect(dec.decode((await g.member(3).decrypt(META, frame)).plaintext)).toBe(`suite ${suite}`);
    expect(frame.length).toBe(1 + 1 + `suite ${suite}`.length + g.member(1).suite.nt);
  });
});
