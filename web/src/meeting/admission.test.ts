import { createHmac, createPrivateKey, createPublicKey, hkdfSync, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  attestationInput, computeAttestation, computeInviteProof, decodeHosts, encodeHosts, encodeInviteSecret, inviteKeyExtension,
  inviteKeyPair, inviteProofInput, parseInviteSecret, verifyAttestation, verifyInviteProof,
} from './admission.js';
import { fingerprint, securityCode } from './codes.js';
import { DecodeError } from './tls.js';
import { backoffDelay } from './connection.js';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i);
const sigKey = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const name = new TextEncoder().encode('Alice');

const initKey = Uint8Array.from({ length: 32 }, (_, i) => 100 + i);

function nodeInviteKey(meeting: string): { priv: ReturnType<typeof createPrivateKey>; pub: Buffer } {
  const seed = Buffer.from(hkdfSync('sha256', secret, Buffer.from('conclave invite key v2'), Buffer.from(meeting), 32));
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const priv = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const pub = Buffer.from(createPublicKey(priv).export({ format: 'jwk' }).x!, 'base64url');
  return { priv, pub };
}

describe('invite key and proof (v2)', () => {
  it('derives the Ed25519 invite key pair from HKDF(secret, meeting id)', async () => {
    const { pub } = nodeInviteKey('meet1');
    const pair = await inviteKeyPair(secret, 'meet1');
    expect(Buffer.from(pair.publicKey)).toEqual(pub);
    expect((await inviteKeyExtension(secret, 'meet1')).extensionType).toBe(0xf1c2);
    expect(Buffer.from((await inviteKeyPair(secret, 'meet2')).publicKey)).not.toEqual(pub);
  });

  it('signs InviteProofInput (label, meeting, key, name, init key) with the invite key', async () => {
    const { priv, pub } = nodeInviteKey('meet1');
    const proof = await computeInviteProof(secret, 'meet1', sigKey, name, initKey);
    expect(proof).toHaveLength(64);
    const label = Buffer.from('conclave invite proof v2');
    const input = Buffer.concat([Buffer.of(label.length), label, Buffer.of(5), Buffer.from('meet1'), Buffer.of(32), sigKey,
      Buffer.of(5), name, Buffer.of(32), initKey]);
    expect(Buffer.from(inviteProofInput('meet1', sigKey, name, initKey))).toEqual(input);
    expect(cryptoVerify(null, input, createPublicKey(priv), proof)).toBe(true);
    expect(Buffer.from(proof)).toEqual(cryptoSign(null, input, priv));
    expect(await verifyInviteProof(pub, 'meet1', sigKey, name, initKey, proof)).toBe(true);
  });

  it('fails for another key, meeting, signature key, name, or init key (a replayed proof)', async () => {
    const key = (await inviteKeyPair(secret, 'meet1')).publicKey;
    const proof = await computeInviteProof(secret, 'meet1', sigKey, name, initKey);
    const otherSecret = new Uint8Array(secret);
    otherSecret[0] = 1;
    const otherInit = initKey.slice();
    otherInit[31]! ^= 1;
    expect(await verifyInviteProof((await inviteKeyPair(otherSecret, 'meet1')).publicKey, 'meet1', sigKey, name, initKey, proof)).toBe(false);
    expect(await verifyInviteProof(key, 'meet2', sigKey, name, initKey, proof)).toBe(false);
    expect(await verifyInviteProof(key, 'meet1', sigKey.slice().reverse(), name, initKey, proof)).toBe(false);
    expect(await verifyInviteProof(key, 'meet1', sigKey, new TextEncoder().encode('Mallory'), initKey, proof)).toBe(false);
    expect(await verifyInviteProof(key, 'meet1', sigKey, name, otherInit, proof)).toBe(false);
    expect(await verifyInviteProof(key, 'meet1', sigKey, name, initKey, undefined)).toBe(false);
    expect(await verifyInviteProof(key, 'meet1', sigKey, name, initKey, proof.subarray(1))).toBe(false);
    expect(await verifyInviteProof(undefined, 'meet1', sigKey, name, initKey, proof)).toBe(false);
    expect(await verifyInviteProof(key.subarray(1), 'meet1', sigKey, name, initKey, proof)).toBe(false);
  });

  it('keeps the secret in its link form', () => {
    const text = encodeInviteSecret(secret);
    expect(text).toHaveLength(43);
    expect(parseInviteSecret(text)).toEqual(secret);
    expect(() => parseInviteSecret(text.slice(1))).toThrow();
  });
});

describe('admission attestation', () => {
  const groupId = new TextEncoder().encode('meet1');
  const auth = Uint8Array.from({ length: 32 }, (_, i) => i * 3);

  it('is HMAC-SHA256 under HKDF(secret, "conclave group proof v2", meeting id) of AttestationInput', async () => {
    const key = Buffer.from(hkdfSync('sha256', secret, Buffer.from('conclave group proof v2'), Buffer.from('meet1'), 32));
    const label = Buffer.from('conclave group proof v2');
    const input = Buffer.concat([Buffer.of(label.length), label, Buffer.of(5), groupId, Buffer.from('0000000000000007', 'hex'), Buffer.of(32), auth]);
    expect(Buffer.from(attestationInput(groupId, 7n, auth))).toEqual(input);
    expect(Buffer.from(await computeAttestation(secret, 'meet1', groupId, 7n, auth))).toEqual(createHmac('sha256', key).update(input).digest());
  });

  it('verifies only for the same secret, group, epoch and authenticator', async () => {
    const mac = await computeAttestation(secret, 'meet1', groupId, 7n, auth);
    expect(await verifyAttestation(secret, 'meet1', groupId, 7n, auth, mac)).toBe(true);
    expect(await verifyAttestation(secret, 'meet1', groupId, 8n, auth, mac)).toBe(false);
    expect(await verifyAttestation(secret, 'meet1', new TextEncoder().encode('meet2'), 7n, auth, mac)).toBe(false);
    expect(await verifyAttestation(secret, 'meet1', groupId, 7n, auth.slice().reverse(), mac)).toBe(false);
    expect(await verifyAttestation(secret.slice().reverse(), 'meet1', groupId, 7n, auth, mac)).toBe(false);
    expect(await verifyAttestation(secret, 'meet1', groupId, 7n, auth, new Uint8Array(0))).toBe(false);
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
  it('doubles from 0.25 s to at most 2 s, with jitter, so a restarted relay is rejoined within seconds', () => {
    expect(backoffDelay(1, () => 0.5)).toBe(250);
    expect(backoffDelay(3, () => 0.5)).toBe(1000);
    expect(backoffDelay(4, () => 0.5)).toBe(2000);
    expect(backoffDelay(10, () => 0.5)).toBe(2000);
    expect(backoffDelay(1, () => 0)).toBe(200);
    expect(backoffDelay(1, () => 1)).toBe(300);
    expect(backoffDelay(10, () => 1)).toBe(2400);
  });
});
