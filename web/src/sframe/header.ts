/**
 * SFrame header (RFC 9605 §4.3): a config byte `X|KKK|Y|CCC` followed by the KID and CTR,
 * each either inline (values 0..7) or as a 1..8 byte minimal big-endian integer.
 */
import { SFrameError } from './errors.js';
import { U64_MAX, byteLength, encodeBigEndian, type Bytes } from './bytes.js';

/** Longest header: config byte plus an 8-byte KID and an 8-byte CTR. */
export const MAX_HEADER_LENGTH = 17;

export interface SFrameHeader {
  readonly kid: bigint;
  readonly ctr: bigint;
}

/** A header read from the front of an SFrame ciphertext, with the bytes it occupied. */
export interface DecodedHeader extends SFrameHeader {
  /** The encoded header exactly as received: it is part of the AAD (RFC 9605 §4.4.3). */
  readonly encoded: Bytes;
}

function checkU64(name: string, value: bigint): void {
  if (value < 0n || value > U64_MAX) {
    throw new SFrameError('INVALID_ARGUMENT', `${name} must be an unsigned 64-bit integer`);
  }
}

/** RFC 9605 §4.3: inline when below 8, else minimal length minus one with the extended flag. */
export function encodeHeader(kid: bigint, ctr: bigint): Bytes {
  checkU64('KID', kid);
  checkU64('CTR', ctr);
  const kidLength = kid < 8n ? 0 : byteLength(kid);
  const ctrLength = ctr < 8n ? 0 : byteLength(ctr);
  const out = new Uint8Array(1 + kidLength + ctrLength);
  const kidField = kidLength === 0 ? Number(kid) : 0x8 | (kidLength - 1);
  const ctrField = ctrLength === 0 ? Number(ctr) : 0x8 | (ctrLength - 1);
  out[0] = (kidField << 4) | ctrField;
  if (kidLength > 0) out.set(encodeBigEndian(kid, kidLength), 1);
  if (ctrLength > 0) out.set(encodeBigEndian(ctr, ctrLength), 1 + kidLength);
  return out;
}

/**
 * Reads the header at the start of `data`. Rejects truncation and any encoding that is not
 * the minimal one the RFC requires, so each (KID, CTR) has exactly one header.
 */
export function decodeHeader(data: Uint8Array): DecodedHeader {
  if (data.length < 1) throw new SFrameError('MALFORMED_FRAME', 'empty SFrame ciphertext');
  const config = data[0]!;
  let offset = 1;
  const readField = (field: number, name: string): bigint => {
    if ((field & 0x8) === 0) return BigInt(field);
    const length = (field & 0x7) + 1;
    if (offset + length > data.length) {
      throw new SFrameError('MALFORMED_FRAME', `${name} needs ${length} bytes, header is truncated`);
    }
    let value = 0n;
    for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(data[offset + i]!);
    offset += length;
    if (value < 8n || byteLength(value) !== length) {
      throw new SFrameError('MALFORMED_FRAME', `${name} is not minimally encoded`);
    }
    return value;
  };
  const kid = readField(config >> 4, 'KID');
  const ctr = readField(config & 0xf, 'CTR');
  return { kid, ctr, encoded: data.slice(0, offset) };
}
