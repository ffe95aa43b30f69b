/** Byte helpers shared by the SFrame files. */

/** A byte array WebCrypto accepts (backed by an ArrayBuffer, not a SharedArrayBuffer). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Largest value of a 64-bit unsigned integer (KID and CTR, RFC 9605 §4.3). */
export const U64_MAX = (1n << 64n) - 1n;

/** Returns the bytes as a WebCrypto-acceptable array, copying only when the buffer is shared. */
export function asBytes(data: Uint8Array): Bytes {
  return data.buffer instanceof ArrayBuffer ? (data as Bytes) : new Uint8Array(data);
}

export function concat(...parts: readonly Uint8Array[]): Bytes {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Writes `value` big-endian into `length` bytes; the caller guarantees it fits. */
export function encodeBigEndian(value: bigint, length: number): Bytes {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** Number of bytes of the minimal big-endian encoding of a positive value. */
export function byteLength(value: bigint): number {
  let length = 0;
  for (let rest = value; rest > 0n; rest >>= 8n) length++;
  return length;
}

/** Compares without an early exit, so timing does not reveal where the arrays differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function toHex(data: Uint8Array): string {
  let hex = '';
  for (const b of data) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export function fromHex(hex: string): Bytes {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new RangeError('not a hex string');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substring(2 * i, 2 * i + 2), 16);
  return out;
}
