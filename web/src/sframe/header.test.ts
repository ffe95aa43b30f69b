import { describe, expect, it } from 'vitest';
import { codeOf } from '../testing/errors.js';
import { loadVectors } from '../testing/vectors.js';
import { U64_MAX, fromHex, toHex } from './bytes.js';
import { decodeHeader, encodeHeader } from './header.js';

const vectors = loadVectors();

describe('SFrame header (RFC 9605 §4.3)', () => {
  it('has the official header vectors', () => {
    expect(vectors.header.length).toBeGreaterThan(200);
  });

  it.each(vectors.header.map((v, i) => [i, v] as const))('vector %i encodes and decodes', (_, v) => {
    expect(toHex(encodeHeader(v.kid, v.ctr))).toBe(v.encoded);
    const decoded = decodeHeader(fromHex(v.encoded));
    expect(decoded.kid).toBe(v.kid);
    expect(decoded.ctr).toBe(v.ctr);
    expect(toHex(decoded.encoded)).toBe(v.encoded);
  });

  it('stops at the end of the header and leaves the ciphertext', () => {
    const decoded = decodeHeader(fromHex('0901 00 aabbcc'.replaceAll(' ', '')));
    expect(decoded.ctr).toBe(256n);
    expect(toHex(decoded.encoded)).toBe('090100');
  });

  it.each(['', '88', '8f00', '0f01020304050607', 'ffffffffffffffffffffffffffffffff'])(
    'rejects truncated header %s',
    (hex) => {
      expect(codeOf(() => decodeHeader(fromHex(hex)))).toBe('MALFORMED_FRAME');
    },
  );

  it.each([
    ['KID below 8 in extended form', '8005'],
    ['CTR below 8 in extended form', '0807'],
    ['KID with a leading zero byte', '900008'],
    ['CTR with a leading zero byte', '090001'],
  ])('rejects non-minimal %s', (_, hex) => {
    expect(codeOf(() => decodeHeader(fromHex(hex)))).toBe('MALFORMED_FRAME');
  });

  it('refuses values outside 64 bits', () => {
    expect(codeOf(() => encodeHeader(U64_MAX + 1n, 0n))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encodeHeader(0n, -1n))).toBe('INVALID_ARGUMENT');
  });
});
