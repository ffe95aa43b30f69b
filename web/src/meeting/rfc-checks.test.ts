import { describe, expect, it } from 'vitest';
import { isValidX25519 } from './rfc-checks.js';

describe('rfc-checks', () => {
  it('accepts a real X25519 key and refuses low-order points and wrong lengths', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']) as CryptoKeyPair;
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    expect(await isValidX25519(raw)).toBe(true);
    expect(await isValidX25519(new Uint8Array(32))).toBe(false);
    const one = new Uint8Array(32);
    one[0] = 1;
    expect(await isValidX25519(one)).toBe(false);
    // An order-8 point (RFC 7748 low-order list): e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800
    const order8 = Uint8Array.from('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800'.match(/../g)!.map((h) => parseInt(h, 16)));
    expect(await isValidX25519(order8)).toBe(false);
    expect(await isValidX25519(raw.subarray(0, 31))).toBe(false);
  });
});
