import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeInviteProof, decodeHosts, encodeHosts, encodeInviteSecret, parseInviteSecret, verifyInviteProof,
} from './admission.js';
import { fingerprint, securityCode } from './codes.js';
import { DecodeError } from './tls.js';
import { backoffDelay } from './connection.js';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i);
const sigKey = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const name = new TextEncoder().encode('Alice');

describe('invite proof', () => {
  it('is HMAC-SHA256 under HKDF(secret, meeting id) of the TLS-encoded input', async () => {
    const key = Buffer.from(hkdfSync('sha256', secret, Buffer.from('conclave invite proof v1'), Buffer.from('meet1'), 32));
    const input = Buffer.concat([Buffer.of(5), Buffer.from('meet1'), Buffer.of(32), sigKey, Buffer.of(5), name]);
    const expected = createHmac('sha256', key).update(input).digest();
    expect(Buffer.from(await computeInviteProof(secret, 'meet1', sigKey, name))).toEqual(expected);
  });

  it('verifies only for the same secret, meeting, key and name', async () => {
    const proof = await computeInviteProof(secret, 'meet1', sigKey, name);
    expect(await verifyInviteProof(secret, 'meet1', sigKey, name, proof)).toBe(true);
    const other = new Uint8Array(secret);
    other[0] = 1;
    expect(await verifyInviteProof(other, 'meet1', sigKey, name, proof)).toBe(false);
    expect(await verifyInviteProof(secret, 'meet2', sigKey, name, proof)).toBe(false);
    expect(await verifyInviteProof(secret, 'meet1', sigKey.slice().reverse(), name, proof)).toBe(false);
    expect(await verifyInviteProof(secret, 'meet1', sigKey, new TextEncoder().encode('Mallory'), proof)).toBe(false);
    expect(await verifyInviteProof(secret, 'meet1', sigKey, name, undefined)).toBe(false);
    expect(await verifyInviteProof(secret, 'meet1', sigKey, name, proof.subarray(1))).toBe(false);
  });

  it('keeps the secret in its link form', () => {
    const text = encodeInviteSecret(secret);
    expect(text).toHaveLength(43);
    expect(parseInviteSecret(text)).toEqual(secret);
    expect(() => parseInviteSecret(text.slice(1))).toThrow();
  });
});

describe('hosts extension', () => {
  it('round-trips and bounds its list', () => {
    const keys = [sigKey, secret];
    const data = encodeHosts(keys);
    expect([...data.subarray(0, 2)]).toEqual([0x40, 66]);
    expect(decodeHosts(data)).toEqual(keys);
    expect(() => decodeHosts(Uint8Array.of(0))).toThrow(DecodeError);
    expect(() => decodeHosts(Uint8Array.of(5, 4, 1))).toThrow(DecodeError);
    expect(() => encodeHosts([])).toThrow(RangeError);
  });
});

describe('codes', () => {
  it('render a labelled SHA-256 as groups of five digits', async () => {
    const code = await securityCode(secret);
    expect(code).toMatch(/^\d{5}( \d{5}){3}$/);
    const hash = (await import('node:crypto')).createHash('sha256').update('conclave security code v1').update(secret).digest();
    expect(code.split(' ')[0]).toBe((hash.readUIntBE(0, 5) % 100000).toString().padStart(5, '0'));
    expect(await fingerprint(sigKey)).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(await securityCode(sigKey)).not.toBe(code);
  });
});

describe('reconnect backoff', () => {
  it('doubles from 0.5 s to at most 8 s, with jitter', () => {
    expect(backoffDelay(1, () => 0.5)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(2000);
    expect(backoffDelay(10, () => 0.5)).toBe(8000);
    expect(backoffDelay(1, () => 0)).toBe(400);
    expect(backoffDelay(1, () => 1)).toBe(600);
  });
});
