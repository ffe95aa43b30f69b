/** Loads the RFC 9605 test vectors from the one copy in the sframe module (Java and TS share it). */
import { readFileSync } from 'node:fs';

export interface HeaderVector {
  readonly kid: bigint;
  readonly ctr: bigint;
  readonly encoded: string;
}

export interface AesCtrHmacVector {
  readonly cipher_suite: number;
  readonly key: string;
  readonly enc_key: string;
  readonly auth_key: string;
  readonly nonce: string;
  readonly aad: string;
  readonly pt: string;
  readonly ct: string;
}

export interface SFrameVector {
  readonly cipher_suite: number;
  readonly kid: bigint;
  readonly ctr: bigint;
  readonly base_key: string;
  readonly sframe_key_label: string;
  readonly sframe_salt_label: string;
  readonly sframe_secret: string;
  readonly sframe_key: string;
  readonly sframe_salt: string;
  readonly metadata: string;
  readonly nonce: string;
  readonly aad: string;
  readonly pt: string;
  readonly ct: string;
}

export interface TestVectors {
  readonly header: readonly HeaderVector[];
  readonly aes_ctr_hmac: readonly AesCtrHmacVector[];
  readonly sframe: readonly SFrameVector[];
}

const FILE = new URL('../../../sframe/src/test/resources/sframe-test-vectors/test-vectors.json', import.meta.url);

/** KID and CTR reach 2^64 - 1, beyond a JS number: they are quoted before parsing and read as bigint. */
export function loadVectors(): TestVectors {
  const text = readFileSync(FILE, 'utf8').replace(/"(kid|ctr)":\s*(\d+)/g, '"$1": "$2"');
  return JSON.parse(text, (key, value: unknown) =>
    (key === 'kid' || key === 'ctr') && typeof value === 'string' ? BigInt(value) : value,
  ) as TestVectors;
}
