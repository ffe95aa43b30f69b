import { describe, expect, it } from 'vitest';
import { asyncCodeOf } from '../testing/errors.js';
import { loadVectors, type SFrameVector } from '../testing/vectors.js';
import { fromHex, toHex } from './bytes.js';
import { derivationLabel, deriveKeySalt } from './derive.js';
import { SFrameKey } from './sframe-key.js';
import { cipherSuite } from './suite.js';

const vectors = loadVectors();
const cases = vectors.sframe.map((v) => [v.cipher_suite, v] as const);

async function keys(v: SFrameVector): Promise<{ sender: SFrameKey; receiver: SFrameKey }> {
  const suite = cipherSuite(v.cipher_suite);
  return {
    sender: await SFrameKey.derive(suite, v.kid, fromHex(v.base_key), 'encrypt'),
    receiver: await SFrameKey.derive(suite, v.kid, fromHex(v.base_key), 'decrypt'),
  };
}

describe('SFrame encryption (RFC 9605 §4.4)', () => {
  it('has one vector per suite 1..5', () => {
    expect(vectors.sframe.map((v) => v.cipher_suite)).toEqual([1, 2, 3, 4, 5]);
  });

  it.each(cases)('suite %i derives the vector key and salt (§4.4.2)', async (_, v) => {
    const suite = cipherSuite(v.cipher_suite);
    expect(toHex(derivationLabel('key', suite, v.kid))).toBe(v.sframe_key_label);
    expect(toHex(derivationLabel('salt', suite, v.kid))).toBe(v.sframe_salt_label);
    const { key, salt } = await deriveKeySalt(suite, v.kid, fromHex(v.base_key));
    expect(toHex(key)).toBe(v.sframe_key);
    expect(toHex(salt)).toBe(v.sframe_salt);
  });

  it.each(cases)('suite %i encrypts to the vector ciphertext and decrypts it', async (_, v) => {
    const { sender, receiver } = await keys(v);
    expect(toHex(await sender.encrypt(v.ctr, fromHex(v.metadata), fromHex(v.pt)))).toBe(v.ct);
    expect(toHex(await receiver.decrypt(fromHex(v.metadata), fromHex(v.ct)))).toBe(v.pt);
  });

  it.each(cases)('suite %i rejects every single changed byte of header, ciphertext, tag, metadata', async (_, v) => {
    const { receiver } = await keys(v);
    const ct = fromHex(v.ct);
    const metadata = fromHex(v.metadata);
    for (let i = 0; i < ct.length; i++) {
      const bad = ct.slice();
      bad[i]! ^= 0x01;
      const code = await asyncCodeOf(() => receiver.decrypt(metadata, bad));
      // Header bytes may turn into another KID or a malformed header; past it, only the tag check can catch it.
      expect(i < 5 ? ['AUTH_FAILED', 'UNKNOWN_KID', 'MALFORMED_FRAME'] : ['AUTH_FAILED']).toContain(code);
    }
    for (let i = 0; i < metadata.length; i++) {
      const bad = metadata.slice();
      bad[i]! ^= 0x01;
      expect(await asyncCodeOf(() => receiver.decrypt(bad, ct))).toBe('AUTH_FAILED');
    }
    expect(await asyncCodeOf(() => receiver.decrypt(metadata.subarray(1), ct))).toBe('AUTH_FAILED');
    expect(await asyncCodeOf(() => receiver.decrypt(metadata, ct.subarray(0, ct.length - 1)))).toBe('AUTH_FAILED');
  });

  it('changing only the CTR in the header fails authentication', async () => {
    const v = vectors.sframe[3]!;
    const { receiver } = await keys(v);
    const ct = fromHex(v.ct);
    ct[4]! ^= 0x01; // last CTR byte: same KID, different nonce and AAD
    expect(await asyncCodeOf(() => receiver.decrypt(fromHex(v.metadata), ct))).toBe('AUTH_FAILED');
  });

  it('keeps each key to one direction (§4.4.1)', async () => {
    const v = vectors.sframe[3]!;
    const { sender, receiver } = await keys(v);
    expect(await asyncCodeOf(() => sender.decrypt(fromHex(v.metadata), fromHex(v.ct)))).toBe('INVALID_ARGUMENT');
    expect(await asyncCodeOf(() => receiver.encrypt(1n, new Uint8Array(0), new Uint8Array(1)))).toBe('INVALID_ARGUMENT');
  });
});
