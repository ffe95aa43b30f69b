/**
 * The AEADs of RFC 9605 §4.5 over WebCrypto: AES-GCM directly, and the AES-CTR + HMAC
 * encrypt-then-MAC construction of §4.5.1 with truncated tags.
 */
import { SFrameError } from './errors.js';
import { asBytes, concat, constantTimeEqual, encodeBigEndian, type Bytes } from './bytes.js';
import type { CipherSuite } from './suite.js';

/** Which direction a key may be used in: RFC 9605 §4.4.1 forbids a key for both. */
export type KeyUsage = 'encrypt' | 'decrypt';

/** An AEAD key ready for use; its CryptoKeys are not extractable. */
export interface Aead {
  readonly suite: CipherSuite;
  seal(nonce: Bytes, aad: Bytes, plaintext: Uint8Array): Promise<Bytes>;
  /** Throws {@link SFrameError} `AUTH_FAILED` when the tag does not verify. */
  open(nonce: Bytes, aad: Bytes, ciphertext: Uint8Array): Promise<Bytes>;
}

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

function authFailed(cause?: unknown): SFrameError {
  return new SFrameError('AUTH_FAILED', 'SFrame ciphertext did not authenticate', { cause });
}

function tooShort(suite: CipherSuite): SFrameError {
  return new SFrameError('MALFORMED_FRAME', `ciphertext shorter than the ${suite.nt}-byte tag`);
}

class AesGcm implements Aead {
  constructor(readonly suite: CipherSuite, private readonly key: CryptoKey) {}

  async seal(nonce: Bytes, aad: Bytes, plaintext: Uint8Array): Promise<Bytes> {
    const params: AesGcmParams = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: this.suite.nt * 8 };
    return new Uint8Array(await subtle().encrypt(params, this.key, asBytes(plaintext)));
  }

  async open(nonce: Bytes, aad: Bytes, ciphertext: Uint8Array): Promise<Bytes> {
    if (ciphertext.length < this.suite.nt) throw tooShort(this.suite);
    const params: AesGcmParams = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: this.suite.nt * 8 };
    try {
      return new Uint8Array(await subtle().decrypt(params, this.key, asBytes(ciphertext)));
    } catch (e) {
      throw authFailed(e);
    }
  }
}

/** RFC 9605 §4.5.1: `enc_key = key[..Nka]`, `auth_key = key[Nka..]`, tag over lengths, nonce, AAD, CT. */
class AesCtrHmac implements Aead {
  constructor(
    readonly suite: CipherSuite,
    private readonly encKey: CryptoKey,
    private readonly authKey: CryptoKey,
  ) {}

  async seal(nonce: Bytes, aad: Bytes, plaintext: Uint8Array): Promise<Bytes> {
    const ct = new Uint8Array(await subtle().encrypt(this.ctrParams(nonce), this.encKey, asBytes(plaintext)));
    return concat(ct, await this.tag(nonce, aad, ct));
  }

  async open(nonce: Bytes, aad: Bytes, ciphertext: Uint8Array): Promise<Bytes> {
    const split = ciphertext.length - this.suite.nt;
    if (split < 0) throw tooShort(this.suite);
    const inner = ciphertext.subarray(0, split);
    const expected = await this.tag(nonce, aad, inner);
    if (!constantTimeEqual(expected, ciphertext.subarray(split))) throw authFailed();
    return new Uint8Array(await subtle().decrypt(this.ctrParams(nonce), this.encKey, asBytes(inner)));
  }

  /** Counter block is the nonce followed by a 32-bit block counter starting at zero. */
  private ctrParams(nonce: Bytes): AesCtrParams {
    return { name: 'AES-CTR', counter: concat(nonce, new Uint8Array(4)), length: 32 };
  }

  private async tag(nonce: Bytes, aad: Bytes, ct: Uint8Array): Promise<Bytes> {
    const nt = this.suite.nt;
    const authData = concat(
      encodeBigEndian(BigInt(aad.length), 8),
      encodeBigEndian(BigInt(ct.length), 8),
      encodeBigEndian(BigInt(nt), 8),
      nonce,
      aad,
      ct,
    );
    const mac = new Uint8Array(await subtle().sign('HMAC', this.authKey, authData));
    return mac.slice(0, nt);
  }
}

/** Imports `key` (AEAD.Nk bytes) for one direction only. */
export async function importAead(suite: CipherSuite, key: Uint8Array, usage: KeyUsage): Promise<Aead> {
  if (key.length !== suite.nk) {
    throw new SFrameError('INVALID_ARGUMENT', `${suite.name} key must be ${suite.nk} bytes`);
  }
  const raw = asBytes(key);
  if (suite.aead === 'AES-GCM') {
    const k = await subtle().importKey('raw', raw, 'AES-GCM', false, [usage]);
    return new AesGcm(suite, k);
  }
  const encKey = await subtle().importKey('raw', raw.slice(0, suite.nka), 'AES-CTR', false, [usage]);
  // Both directions compute a tag, so the MAC key always signs; the usage limit sits on AES.
  const authKey = await subtle().importKey('raw', raw.slice(suite.nka), { name: 'HMAC', hash: suite.hash }, false, ['sign']);
  return new AesCtrHmac(suite, encKey, authKey);
}
