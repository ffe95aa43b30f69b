/** SFrame cipher suites (RFC 9605 §4.5, IANA registry §8.1). */
import { SFrameError } from './errors.js';

export type CipherSuiteId = 0x0001 | 0x0002 | 0x0003 | 0x0004 | 0x0005;

export interface CipherSuite {
  readonly id: CipherSuiteId;
  readonly name: string;
  /** WebCrypto name of the hash used by HKDF (and by HMAC in the CTR suites). */
  readonly hash: 'SHA-256' | 'SHA-512';
  /** Hash.Nh, AEAD.Nk, AEAD.Nn, AEAD.Nt of RFC 9605 §4.5. */
  readonly nh: number;
  readonly nk: number;
  readonly nn: number;
  readonly nt: number;
  /** AEAD.Nka for the AES-CTR + HMAC construction of §4.5.1; 0 for AES-GCM. */
  readonly nka: number;
  readonly aead: 'AES-GCM' | 'AES-CTR-HMAC';
}

const SUITES: ReadonlyMap<number, CipherSuite> = new Map<number, CipherSuite>([
  [1, { id: 1, name: 'AES_128_CTR_HMAC_SHA256_80', hash: 'SHA-256', nh: 32, nk: 48, nn: 12, nt: 10, nka: 16, aead: 'AES-CTR-HMAC' }],
  [2, { id: 2, name: 'AES_128_CTR_HMAC_SHA256_64', hash: 'SHA-256', nh: 32, nk: 48, nn: 12, nt: 8, nka: 16, aead: 'AES-CTR-HMAC' }],
  [3, { id: 3, name: 'AES_128_CTR_HMAC_SHA256_32', hash: 'SHA-256', nh: 32, nk: 48, nn: 12, nt: 4, nka: 16, aead: 'AES-CTR-HMAC' }],
  [4, { id: 4, name: 'AES_128_GCM_SHA256_128', hash: 'SHA-256', nh: 32, nk: 16, nn: 12, nt: 16, nka: 0, aead: 'AES-GCM' }],
  [5, { id: 5, name: 'AES_256_GCM_SHA512_128', hash: 'SHA-512', nh: 64, nk: 32, nn: 12, nt: 16, nka: 0, aead: 'AES-GCM' }],
]);

/** Conclave's suite: AES_128_GCM_SHA256_128, matching MLS cipher suite 1. */
export const DEFAULT_SUITE_ID: CipherSuiteId = 0x0004;

export function cipherSuite(id: number): CipherSuite {
  const suite = SUITES.get(id);
  if (suite === undefined) throw new SFrameError('UNSUPPORTED_SUITE', `cipher suite 0x${id.toString(16)}`);
  return suite;
}
