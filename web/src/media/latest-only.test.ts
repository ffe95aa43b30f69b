import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latest-only.js';

function harness() {
  const delivered: number[] = [];
  const dropped: number[] = [];
  const l = new LatestOnly<number>((v) => delivered.push(v), (v) => dropped.push(v));
  return { l, delivered, dropped };
}

describe('LatestOnly', () => {
  it('delivers at once while the consumer is idle', () => {
    const { l, delivered } = harness();
    l.offer(1);
    l.done();
    l.offer(2);
    expect(delivered).toEqual([1, 2]);
  });

  it('keeps only the newest value while the consumer is busy and drops the rest', () => {
    const { l, delivered, dropped } = harness();
    l.offer(1);
    l.offer(2);
    l.offer(3);
    l.offer(4);
    expect(delivered).toEqual([1]);
    expect(dropped).toEqual([2, 3]);
    l.done();
    expect(delivered).toEqual([1, 4]);
    l.done();
    l.offer(5);
    expect(delivered).toEqual([1, 4, 5]);
    expect(dropped).toEqual([2, 3]);
  });
});
