import { describe, expect, it } from 'vitest';
import { codeOf } from '../testing/errors.js';
import { indexBitsFor, mlsKid, parseMlsKid } from './mls-kid.js';

describe('MLS KID layout (RFC 9605 §5.2)', () => {
  // The RFC's example sequence: E = 4, S = 6.
  it.each([
    [14n, 3, 0n, 0x3en],
    [14n, 7, 0n, 0x7en],
    [14n, 20, 0n, 0x14en],
    [15n, 3, 0n, 0x3fn],
    [15n, 5, 0n, 0x5fn],
    [16n, 2, 2n, 0x820n],
    [16n, 2, 3n, 0xc20n],
    [17n, 33, 0n, 0x211n],
    [17n, 51, 0n, 0x331n],
  ])('epoch %i index %i context %i gives the figure KID', (epoch, index, context, kid) => {
    expect(mlsKid(context, index, epoch, 6, 4)).toBe(kid);
    expect(parseMlsKid(kid, 6, 4)).toEqual({ context, senderIndex: index, epochBits: epoch & 0xfn });
  });

  it('sizes S by group size', () => {
    expect([1, 2, 3, 4, 5, 64, 65].map(indexBitsFor)).toEqual([0, 1, 2, 2, 3, 6, 7]);
  });

  it('refuses an index or context that does not fit', () => {
    expect(codeOf(() => mlsKid(0n, 64, 0n, 6, 4))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => mlsKid(1n << 54n, 0, 0n, 6, 4))).toBe('INVALID_ARGUMENT');
    expect(mlsKid((1n << 54n) - 1n, 0, 0n, 6, 4)).toBe(((1n << 54n) - 1n) << 10n);
  });
});
