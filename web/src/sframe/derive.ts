/** Key and salt derivation from a base key (RFC 9605 §4.4.2). */
import { asBytes, concat, encodeBigEndian, type Bytes } from './bytes.js';
import type { CipherSuite } from './suite.js';

const KEY_LABEL = new TextEncoder().encode('SFrame 1.0 Secret key ');
const SALT_LABEL = new TextEncoder().encode('SFrame 1.0 Secret salt ');

/** Raw output of `derive_key_salt`: callers import the key and then wipe these bytes. */
export interface KeySalt {
  readonly key: Bytes;
  readonly salt: Bytes;
}

/** Label = prefix + KID as 8-byte big-endian + cipher suite as 2-byte big-endian. */
export function derivationLabel(prefix: 'key' | 'salt', suite: CipherSuite, kid: bigint): Bytes {
  return concat(prefix === 'key' ? KEY_LABEL : SALT_LABEL, encodeBigEndian(kid, 8), encodeBigEndian(BigInt(suite.id), 2));
}

/**
 * `sframe_secret = HKDF-Extract("", base_key)`, then HKDF-Expand with the key and salt labels.
 * WebCrypto's HKDF runs extract and expand together; an empty salt equals the RFC 5869 default.
 */
export async function deriveKeySalt(suite: CipherSuite, kid: bigint, baseKey: Uint8Array): Promise<KeySalt> {
  const subtle = globalThis.crypto.subtle;
  const ikm = await subtle.importKey('raw', asBytes(baseKey), 'HKDF', false, ['deriveBits']);
  const expand = async (info: Bytes, length: number): Promise<Bytes> => {
    const params: HkdfParams = { name: 'HKDF', hash: suite.hash, salt: new Uint8Array(0), info };
    return new Uint8Array(await subtle.deriveBits(params, ikm, length * 8));
  };
  const [key, salt] = await Promise.all([
    expand(derivationLabel('key', suite, kid), suite.nk),
    expand(derivationLabel('salt', suite, kid), suite.nn),
  ]);
  return { key, salt };
}
