/**
 * Conclave media frame: an 8-byte clear header the relay reads, followed by the SFrame
 * ciphertext whose metadata input (RFC 9605 §9.4) is exactly those 8 bytes, so the relay can
 * read but not change them.
 *
 * ```
 * u8 version (1) | u8 track | u8 flags (bit0 keyframe) | u8 layer (spatial<<4 | temporal) | u32 sequence (BE)
 * ```
 */
import { SFrameError } from './errors.js';
import { concat, type Bytes } from './bytes.js';
import type { DecryptedFrame, MlsSFrameContext } from './mls-context.js';

export const MEDIA_HEADER_LENGTH = 8;
export const MEDIA_FRAME_VERSION = 1;

/** 0 audio, 1 camera video, 2 screen video. */
export const MediaTrack = { AUDIO: 0, CAMERA: 1, SCREEN: 2 } as const;
export type MediaTrack = (typeof MediaTrack)[keyof typeof MediaTrack];

export interface MediaHeader {
  readonly track: MediaTrack;
  readonly keyframe: boolean;
  /** 0..15 each. */
  readonly spatialLayer: number;
  readonly temporalLayer: number;
  /** u32, per track. */
  readonly sequence: number;
}

/** A media frame whose header and payload both authenticated. */
export interface DecryptedMediaFrame extends DecryptedFrame {
  readonly header: MediaHeader;
}

const KEYFRAME_FLAG = 0x01;

function isNibble(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 15;
}

export function encodeMediaHeader(header: MediaHeader): Bytes {
  if (header.track !== 0 && header.track !== 1 && header.track !== 2) {
    throw new SFrameError('INVALID_ARGUMENT', `unknown track ${String(header.track)}`);
  }
  if (!isNibble(header.spatialLayer) || !isNibble(header.temporalLayer)) {
    throw new SFrameError('INVALID_ARGUMENT', 'layers must be 0..15');
  }
  if (!Number.isInteger(header.sequence) || header.sequence < 0 || header.sequence > 0xffffffff) {
    throw new SFrameError('INVALID_ARGUMENT', 'sequence must be a u32');
  }
  const out = new Uint8Array(MEDIA_HEADER_LENGTH);
  out[0] = MEDIA_FRAME_VERSION;
  out[1] = header.track;
  out[2] = header.keyframe ? KEYFRAME_FLAG : 0;
  out[3] = (header.spatialLayer << 4) | header.temporalLayer;
  new DataView(out.buffer).setUint32(4, header.sequence);
  return out;
}

/**
 * Parses the clear header. Its values are unauthenticated until {@link decryptMediaFrame}
 * succeeds; before that they may only steer routing, never playback.
 */
export function decodeMediaHeader(frame: Uint8Array): MediaHeader {
  if (frame.length < MEDIA_HEADER_LENGTH) throw new SFrameError('MALFORMED_FRAME', 'media frame shorter than its header');
  if (frame[0] !== MEDIA_FRAME_VERSION) throw new SFrameError('MALFORMED_FRAME', `media frame version ${frame[0]}`);
  const track = frame[1]!;
  if (track > 2) throw new SFrameError('MALFORMED_FRAME', `unknown track ${track}`);
  const flags = frame[2]!;
  if ((flags & ~KEYFRAME_FLAG) !== 0) throw new SFrameError('MALFORMED_FRAME', 'reserved flag bits set');
  const layer = frame[3]!;
  return {
    track: track as MediaTrack,
    keyframe: (flags & KEYFRAME_FLAG) !== 0,
    spatialLayer: layer >> 4,
    temporalLayer: layer & 0x0f,
    sequence: new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(4),
  };
}

/** `media header || SFrame ciphertext`, the header being the SFrame metadata. */
export async function encryptMediaFrame(
  context: MlsSFrameContext,
  header: MediaHeader,
  payload: Uint8Array,
  kidContext = 0,
): Promise<Bytes> {
  const clear = encodeMediaHeader(header);
  return concat(clear, await context.encrypt(clear, payload, kidContext));
}

export async function decryptMediaFrame(context: MlsSFrameContext, frame: Uint8Array): Promise<DecryptedMediaFrame> {
  const header = decodeMediaHeader(frame);
  const decrypted = await context.decrypt(
    frame.subarray(0, MEDIA_HEADER_LENGTH),
    frame.subarray(MEDIA_HEADER_LENGTH),
  );
  return { ...decrypted, header };
}
