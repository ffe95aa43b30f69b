/**
 * Admission (docs/PROTOCOL.md "Admission"): the invite secret of a link's fragment, the invite
 * proof a joiner's leaf carries (LeafNode extension 0xF1C0), and the meeting's hosts
 * (GroupContext extension 0xF1C1). Same bytes as the Java client's `io.conclave.client.admission`.
 */
import { fromBase64Url, toBase64Url } from '../protocol/base64.js';
import { concatBytes, DecodeError, opaque, TlsReader } from './tls.js';

/** Private-use extension types (RFC 9420 §17.3). */
export const INVITE_PROOF_EXTENSION = 0xf1c0;
export const HOSTS_EXTENSION = 0xf1c1;
export const INVITE_SECRET_LENGTH = 32;
export const INVITE_PROOF_LENGTH = 32;
export const MAX_HOSTS = 64;

const SALT = new TextEncoder().encode('conclave invite proof v1');
const ascii = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);

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

/**
 * proof = HMAC-SHA256(HKDF-SHA256(salt = "conclave invite proof v1", IKM = secret,
 * info = meeting_id, L = 32), meeting_id<V> || signature_key<V> || identity<V>).
 */
export async function computeInviteProof(
  secret: Uint8Array,
  meetingId: string,
  signatureKey: Uint8Array,
  identity: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const ikm = await crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, ['deriveKey']);
  const proofKey = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: ascii(meetingId) },
    ikm,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  const input = concatBytes(opaque(ascii(meetingId)), opaque(signatureKey), opaque(identity));
  return new Uint8Array(await crypto.subtle.sign('HMAC', proofKey, input));
}

/** Constant-time check of a leaf's proof against the one `secret` gives. */
export async function verifyInviteProof(
  secret: Uint8Array,
  meetingId: string,
  signatureKey: Uint8Array,
  identity: Uint8Array,
  proof: Uint8Array | undefined,
): Promise<boolean> {
  if (proof === undefined || proof.length !== INVITE_PROOF_LENGTH) return false;
  const expected = await computeInviteProof(secret, meetingId, signatureKey, identity);
  let diff = 0;
  for (let i = 0; i < INVITE_PROOF_LENGTH; i++) diff |= expected[i]! ^ proof[i]!;
  return diff === 0;
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
