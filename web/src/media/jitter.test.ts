import { describe, expect, it } from 'vitest';
import { JitterBuffer, seqDiff } from './jitter.js';

const frame = (sequence: number, arrivedAt = 0, keyframe = false) => ({ sequence, keyframe, payload: sequence, arrivedAt });
const seqs = (frames: { sequence: number }[]) => frames.map((f) => f.sequence);

describe('JitterBuffer', () => {
  it('releases frames in sequence order', () => {
    const j = new JitterBuffer<number>({ needsKeyframes: false });
    j.push(frame(1));
    expect(seqs(j.pop(0))).toEqual([1]);
    j.push(frame(3));
    expect(seqs(j.pop(0))).toEqual([]);
    j.push(frame(2));
    expect(seqs(j.pop(0))).toEqual([2, 3]);
  });

  it('declares a missing frame lost after the maximum wait', () => {
    const j = new JitterBuffer<number>({ needsKeyframes: false, maxWaitMs: 50 });
    j.push(frame(10, 0));
    j.pop(0);
    j.push(frame(12, 100));
    expect(seqs(j.pop(140))).toEqual([]);
    expect(seqs(j.pop(150))).toEqual([12]);
    expect(j.lost).toBe(1);
  });

  it('says when a frame waiting for a missing one will be released', () => {
    const j = new JitterBuffer<number>({ needsKeyframes: false, maxWaitMs: 50 });
    expect(j.releaseAt).toBeUndefined();
    j.push(frame(10, 0));
    j.pop(0);
    expect(j.releaseAt).toBeUndefined();
    j.push(frame(12, 100));
    j.push(frame(13, 120));
    expect(j.pop(100)).toEqual([]);
    expect(j.releaseAt).toBe(150);
    expect(seqs(j.pop(j.releaseAt!))).toEqual([12, 13]);
    expect(j.releaseAt).toBeUndefined();
  });

  it('drops late and duplicate frames', () => {
    const j = new JitterBuffer<number>({ needsKeyframes: false });
    j.push(frame(5));
    j.push(frame(6));
    expect(seqs(j.pop(0))).toEqual([5, 6]);
    j.push(frame(5));
    expect(j.late).toBe(1);
    expect(seqs(j.pop(0))).toEqual([]);
  });

  it('waits for a keyframe first and after a loss on video', () => {
    const j = new JitterBuffer<number>({ needsKeyframes: true, maxWaitMs: 10 });
    j.push(frame(1));
    j.push(frame(2, 0, true));
    j.push(frame(3));
    expect(seqs(j.pop(0))).toEqual([2, 3]);
    j.push(frame(5, 0));
    j.push(frame(6, 0));
    expect(seqs(j.pop(20))).toEqual([]);
    expect(j.needsKeyframe).toBe(true);
    j.push(frame(7, 20, true));
    expect(seqs(j.pop(20))).toEqual([7]);
  });

  it('skips video frames that a held keyframe supersedes', () => {
    const j = new JitterBuffer<number>({ needsKeyframes: true, maxWaitMs: 1e9 });
    j.push(frame(10, 0, true));
    expect(seqs(j.pop(0))).toEqual([10]);
    // A backlog arrives at once (the receiver stalled): decode from its newest keyframe only.
    for (const s of [11, 12, 13]) j.push(frame(s));
    j.push(frame(14, 0, true));
    j.push(frame(15));
    expect(seqs(j.pop(0))).toEqual([14, 15]);
    expect(j.skipped).toBe(3);
    expect(j.lost).toBe(0);
    // A keyframe behind a gap does not wait for the missing frames.
    j.push(frame(17));
    j.push(frame(18, 0, true));
    expect(seqs(j.pop(0))).toEqual([18]);
    expect(j.skipped).toBe(4);
    expect(j.lost).toBe(1);
    // Audio (no keyframes) is never skipped.
    const a = new JitterBuffer<number>({ needsKeyframes: false });
    for (const s of [1, 2, 3]) a.push(frame(s, 0, s === 3));
    expect(seqs(a.pop(0))).toEqual([1, 2, 3]);
  });

  it('follows the u32 wrap and a sender restart', () => {
    const j = new JitterBuffer<number>({ needsKeyframes: false });
    j.push(frame(0xffffffff));
    j.push(frame(0));
    expect(seqs(j.pop(0))).toEqual([0xffffffff, 0]);
    j.push(frame(0x7000_0000));
    j.push(frame(5000));
    expect(seqs(j.pop(1000))).toContain(5000);
    expect(seqDiff(0, 0xffffffff)).toBe(1);
    expect(seqDiff(0xffffffff, 0)).toBe(-1);
  });

  it('releases early when full', () => {
    const j = new JitterBuffer<number>({ needsKeyframes: false, capacity: 3, maxWaitMs: 1e9 });
    j.push(frame(0));
    j.pop(0);
    for (const s of [2, 3, 4]) j.push(frame(s));
    expect(seqs(j.pop(0))).toEqual([2, 3, 4]);
  });
});
