import { describe, expect, it } from 'vitest';
import { asyncCodeOf } from '../testing/errors.js';
import { loadVectors } from '../testing/vectors.js';
import { importAead } from './aead.js';
import { fromHex, toHex } from './bytes.js';
import { cipherSuite } from './suite.js';

const vectors = loadVectors();

describe('AES-CTR + HMAC AEAD (RFC 9605 §4.5.1)', () => {
  it('has the three official vectors', () => {
    expect(vectors.aes_ctr_hmac.map((v) => v.cipher_suite)).toEqual([1, 2, 3]);
  });

  it.each(vectors.aes_ctr_hmac.map((v) => [v.cipher_suite, v] as const))('suite %i seals and opens', async (_, v) => {
    const suite = cipherSuite(v.cipher_suite);
    // The vector's subkeys are the two halves of the key, as derive_subkeys splits it.
    expect(toHex(fromHex(v.key).subarray(0, suite.nka))).toBe(v.enc_key);
    expect(toHex(fromHex(v.key).subarray(suite.nka))).toBe(v.auth_key);
    const sealer = await importAead(suite, fromHex(v.key), 'encrypt');
    const opener = await importAead(suite, fromHex(v.key), 'decrypt');
    expect(toHex(await sealer.seal(fromHex(v.nonce), fromHex(v.aad), fromHex(v.pt)))).toBe(v.ct);
    expect(toHex(await opener.open(fromHex(v.nonce), fromHex(v.aad), fromHex(v.ct)))).toBe(v.pt);
  });

  it.each(vectors.aes_ctr_hmac.map((v) => [v.cipher_suite, v] as const))(
    'suite %i rejects any changed byte of AAD, ciphertext or tag',
    async (_, v) => {
      const opener = await importAead(cipherSuite(v.cipher_suite), fromHex(v.key), 'decrypt');
      const aad = fromHex(v.aad);
      const ct = fromHex(v.ct);
      for (let i = 0; i < aad.length; i++) {
        const bad = aad.slice();
        bad[i]! ^= 0x01;
        expect(await asyncCodeOf(() => opener.open(fromHex(v.nonce), bad, ct))).toBe('AUTH_FAILED');
      }
      for (let i = 0; i < ct.length; i++) {
        const bad = ct.slice();
        bad[i]! ^= 0x80;
        expect(await asyncCodeOf(() => opener.open(fromHex(v.nonce), aad, bad))).toBe('AUTH_FAILED');
      }
      expect(await asyncCodeOf(() => opener.open(fromHex(v.nonce), aad, ct.subarray(0, 3)))).toBe('MALFORMED_FRAME');
    },
  );

  it('refuses a key of the wrong length', async () => {
    expect(await asyncCodeOf(() => importAead(cipherSuite(1), new Uint8Array(16), 'encrypt'))).toBe('INVALID_ARGUMENT');
  });

  it('refuses an unknown suite', async () => {
    expect(await asyncCodeOf(async () => cipherSuite(6))).toBe('UNSUPPORTED_SUITE');
  });
});
