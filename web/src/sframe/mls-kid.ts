/** KID layout for MLS-keyed SFrame (RFC 9605 §5.2): `context | sender index (S bits) | epoch (E bits)`. */
import { SFrameError } from './errors.js';

export interface MlsKidParts {
  readonly context: bigint;
  readonly senderIndex: number;
  /** The low E bits of the epoch, as carried in the KID. */
  readonly epochBits: bigint;
}

/** S: the smallest value with `groupSize <= 1 << S`. */
export function indexBitsFor(groupSize: number): number {
  let bits = 0;
  while (2 ** bits < groupSize) bits++;
  return bits;
}

/** `KID = (context << (S + E)) + (sender_index << E) + (epoch % (1 << E))`. */
export function mlsKid(context: bigint, senderIndex: number, epoch: bigint, indexBits: number, epochBits: number): bigint {
  const s = BigInt(indexBits);
  const e = BigInt(epochBits);
  if (context < 0n || context >= 1n << (64n - s - e)) {
    throw new SFrameError('INVALID_ARGUMENT', `context must fit in ${64n - s - e} bits`);
  }
  if (senderIndex < 0 || BigInt(senderIndex) >= 1n << s) {
    throw new SFrameError('INVALID_ARGUMENT', `sender index must fit in ${indexBits} bits`);
  }
  return (context << (s + e)) | (BigInt(senderIndex) << e) | (epoch & ((1n << e) - 1n));
}

export function parseMlsKid(kid: bigint, indexBits: number, epochBits: number): MlsKidParts {
  const s = BigInt(indexBits);
  const e = BigInt(epochBits);
  return {
    context: kid >> (s + e),
    senderIndex: Number((kid >> e) & ((1n << s) - 1n)),
    epochBits: kid & ((1n << e) - 1n),
  };
}
