/** Per-KID SFrame encryption and decryption (RFC 9605 §4.4.3, §4.4.4). */
import { SFrameError } from './errors.js';
import { asBytes, concat, type Bytes } from './bytes.js';
import { importAead, type Aead, type KeyUsage } from './aead.js';
import { deriveKeySalt } from './derive.js';
import { decodeHeader, encodeHeader, type DecodedHeader } from './header.js';
import type { CipherSuite } from './suite.js';

/**
 * The `sframe_key` and `sframe_salt` of one KID, bound to one direction. Holds only a
 * non-extractable CryptoKey and the salt; the raw key bytes are wiped after import.
 */
export class SFrameKey {
  private constructor(
    readonly suite: CipherSuite,
    readonly kid: bigint,
    readonly usage: KeyUsage,
    private readonly aead: Aead,
    private readonly salt: Bytes,
  ) {}

  /** Derives key and salt from `base_key` (RFC 9605 §4.4.2) and imports the key. */
  static async derive(suite: CipherSuite, kid: bigint, baseKey: Uint8Array, usage: KeyUsage): Promise<SFrameKey> {
    const { key, salt } = await deriveKeySalt(suite, kid, baseKey);
    try {
      return new SFrameKey(suite, kid, usage, await importAead(suite, key, usage), salt);
    } finally {
      key.fill(0);
    }
  }

  /** `header || AEAD.Encrypt(sframe_key, salt XOR CTR, header || metadata, plaintext)`. */
  async encrypt(ctr: bigint, metadata: Uint8Array, plaintext: Uint8Array): Promise<Bytes> {
    this.requireUsage('encrypt');
    const header = encodeHeader(this.kid, ctr);
    const ct = await this.aead.seal(this.nonce(ctr), concat(header, metadata), plaintext);
    return concat(header, ct);
  }

  /** Decrypts a whole SFrame ciphertext whose header names this key's KID. */
  async decrypt(metadata: Uint8Array, sframeCiphertext: Uint8Array): Promise<Bytes> {
    const header = decodeHeader(sframeCiphertext);
    return this.decryptAfterHeader(header, metadata, sframeCiphertext.subarray(header.encoded.length));
  }

  /** For callers that already parsed the header to choose this key (and check replay). */
  async decryptAfterHeader(header: DecodedHeader, metadata: Uint8Array, ciphertext: Uint8Array): Promise<Bytes> {
    this.requireUsage('decrypt');
    if (header.kid !== this.kid) throw new SFrameError('UNKNOWN_KID', `KID ${header.kid} is not this key's KID`);
    return this.aead.open(this.nonce(header.ctr), concat(header.encoded, metadata), ciphertext);
  }

  /** Nonce = sframe_salt XOR CTR encoded big-endian in AEAD.Nn bytes. */
  private nonce(ctr: bigint): Bytes {
    const nonce = new Uint8Array(this.salt);
    let rest = ctr;
    for (let i = nonce.length - 1; i >= 0 && rest > 0n; i--) {
      nonce[i]! ^= Number(rest & 0xffn);
      rest >>= 8n;
    }
    return asBytes(nonce);
  }

  private requireUsage(usage: KeyUsage): void {
    if (this.usage !== usage) {
      throw new SFrameError('INVALID_ARGUMENT', `key for KID ${this.kid} is for ${this.usage} only (RFC 9605 §4.4.1)`);
    }
  }
}
