/**
 * Admission (docs/PROTOCOL.md "Admission", v2): the invite secret of a link's fragment, the invite
 * key derived from it (GroupContext extension 0xF1C2), the invite proof a joiner's leaf carries
 * (LeafNode extension 0xF1C0, an Ed25519 signature bound to the KeyPackage's init key), the
 * admission attestation (application message type 3) and the meeting's hosts (GroupContext
 * extension 0xF1C1). Same bytes as the Java client's `io.conclave.admission`.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64Url, toBase64Url } from '../protocol/base64.js';
import { concatBytes, DecodeError, opaque, TlsReader } from './tls.js';

/** Private-use extension types (RFC 9420 §17.3). */
export const INVITE_PROOF_EXTENSION = 0xf1c0;
export const HOSTS_EXTENSION = 0xf1c1;
export const INVITE_KEY_EXTENSION = 0xf1c2;
export const INVITE_SECRET_LENGTH = 32;
export const INVITE_KEY_LENGTH = 32;
export const INVITE_PROOF_LENGTH = 64;
export const ATTESTATION_LENGTH = 32;
export const MAX_HOSTS = 64;

const INVITE_KEY_LABEL = 'conclave invite key v2';
const PROOF_LABEL = 'conclave invite proof v2';
const ATTESTATION_LABEL = 'conclave group proof v2';
const ascii = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);
const buffer = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

/** 32 random bytes, shown only in the invite link's fragment. */
export function generateInviteSecret(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(INVITE_SECRET_LENGTH));
}

export function encodeInviteSecret(secret: Uint8Array): string {
  return toBase64Url(secret);
}

/** @throws Error if `text` is not 32 bytes of unpadded base64url */
export function parseInviteSecret(text: string): Uint8Array<ArrayBuffer> {
  const bytes = fromBase64Url(text);
  if (bytes.length !== INVITE_SECRET_LENGTH) throw new Error('an invite secret is 32 bytes');
  return bytes;
}

/** HKDF-SHA256 (RFC 5869): Expand(Extract(salt, secret), info = meeting id, 32). */
async function hkdf32(salt: string, secret: Uint8Array, meetingId: string): Promise<Uint8Array<ArrayBuffer>> {
  const ikm = await crypto.subtle.importKey('raw', buffer(secret), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: ascii(salt), info: ascii(meetingId) }, ikm, 256);
  return new Uint8Array(bits);
}

/** PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410 §7), for WebCrypto. */
function ed25519Pkcs8(seed: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);
  return concatBytes(prefix, seed);
}

export interface InviteKeyPair {
  /** The RFC 8032 seed: the private key. */
  readonly seed: Uint8Array<ArrayBuffer>;
  /** The 32-byte Ed25519 public key: the group's `conclave_invite_key`. */
  readonly publicKey: Uint8Array<ArrayBuffer>;
}

/** invite_seed = HKDF(salt "conclave invite key v2", secret, meeting id); its Ed25519 key pair. */
export async function inviteKeyPair(secret: Uint8Array, meetingId: string): Promise<InviteKeyPair> {
  const seed = await hkdf32(INVITE_KEY_LABEL, secret, meetingId);
  // Not WebCrypto's JWK export: Firefox (140) cannot export the public half of an Ed25519 key
  // imported from a PKCS #8 seed alone (OperationError).
  return { seed, publicKey: new Uint8Array(ed25519.getPublicKey(seed)) };
}

/** The `conclave_invite_key` extension data for `secret`. */
export async function inviteKeyExtension(secret: Uint8Array, meetingId: string): Promise<{ extensionType: number; extensionData: Uint8Array<ArrayBuffer> }> {
  return { extensionType: INVITE_KEY_EXTENSION, extensionData: (await inviteKeyPair(secret, meetingId)).publicKey };
}

/** InviteProofInput (RFC 9420 §2.1 encoding). */
export function inviteProofInput(meetingId: string, signatureKey: Uint8Array, identity: Uint8Array, initKey: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(opaque(ascii(PROOF_LABEL)), opaque(ascii(meetingId)), opaque(signatureKey), opaque(identity), opaque(initKey));
}

/** proof = Ed25519-Sign(invite private key, InviteProofInput): 64 bytes. */
export async function computeInviteProof(
  secret: Uint8Array,
  meetingId: string,
  signatureKey: Uint8Array,
  identity: Uint8Array,
  initKey: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const { seed } = await inviteKeyPair(secret, meetingId);
  const key = await crypto.subtle.importKey('pkcs8', ed25519Pkcs8(seed), 'Ed25519', false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('Ed25519', key, inviteProofInput(meetingId, signatureKey, identity, initKey)));
}

/** Checks a leaf's proof against the group's invite public key; any malformed input is `false`. */
export async function verifyInviteProof(
  inviteKey: Uint8Array | undefined,
  meetingId: string,
  signatureKey: Uint8Array,
  identity: Uint8Array | undefined,
  initKey: Uint8Array,
  proof: Uint8Array | undefined,
): Promise<boolean> {
  if (inviteKey?.length !== INVITE_KEY_LENGTH || proof?.length !== INVITE_PROOF_LENGTH || identity === undefined) return false;
  try {
    const key = await crypto.subtle.importKey('raw', buffer(inviteKey), 'Ed25519', false, ['verify']);
    return await crypto.subtle.verify('Ed25519', key, buffer(proof), inviteProofInput(meetingId, signatureKey, identity, initKey));
  } catch {
    return false;
  }
}

/** AttestationInput: label, group id, epoch (uint64), epoch authenticator. */
export function attestationInput(groupId: Uint8Array, epoch: bigint, epochAuthenticator: Uint8Array): Uint8Array<ArrayBuffer> {
  const e = new Uint8Array(8);
  new DataView(e.buffer).setBigUint64(0, epoch);
  return concatBytes(opaque(ascii(ATTESTATION_LABEL)), opaque(groupId), e, opaque(epochAuthenticator));
}

/** mac = HMAC-SHA256(HKDF(salt "conclave group proof v2", secret, meeting id), AttestationInput). */
export async function computeAttestation(
  secret: Uint8Array, meetingId: string, groupId: Uint8Array, epoch: bigint, epochAuthenticator: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const raw = await hkdf32(ATTESTATION_LABEL, secret, meetingId);
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, attestationInput(groupId, epoch, epochAuthenticator)));
}

/** Constant-time check of an attestation MAC. */
export async function verifyAttestation(
  secret: Uint8Array, meetingId: string, groupId: Uint8Array, epoch: bigint, epochAuthenticator: Uint8Array, mac: Uint8Array,
): Promise<boolean> {
  if (mac.length !== ATTESTATION_LENGTH) return false;
  return equalBytes(await computeAttestation(secret, meetingId, groupId, epoch, epochAuthenticator), mac);
}

/** `struct { opaque host_keys<V><V>; }`: the hosts' signature keys. */
export function encodeHosts(keys: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  if (keys.length === 0 || keys.length > MAX_HOSTS) throw new RangeError(`a meeting has 1..${MAX_HOSTS} hosts`);
  return opaque(concatBytes(...keys.map(opaque)));
}

/** @throws DecodeError if malformed or with 0 or more than 64 keys */
export function decodeHosts(data: Uint8Array): Uint8Array[] {
  const r = new TlsReader(data);
  const keys = r.list((i) => i.opaque());
  r.end();
  if (keys.length === 0 || keys.length > MAX_HOSTS) throw new DecodeError(`hosts extension with ${keys.length} keys`);
  return keys;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
