/** Messages between the page and its media workers. */
import type { MediaTrack } from '../sframe/media.js';

export interface EpochKeysMessage {
  readonly type: 'keys';
  readonly epoch: bigint;
  readonly baseKey: Uint8Array;
  readonly groupSize: number;
  readonly roster: readonly number[];
  readonly ownIndex: number;
}

export type EncodeSource = 'audio' | 'camera' | 'screen';

export type ToEncoder =
  | EpochKeysMessage
  | { readonly type: 'source'; readonly source: EncodeSource; readonly readable: ReadableStream<VideoFrame | AudioData>; readonly width?: number; readonly height?: number }
  /**
   * A source without MediaStreamTrackProcessor (element-capture.ts): VideoFrames, or blocks of
   * mono samples `{ pcm, sampleRate, timestamp }`, arrive on `port`; the string 'end' ends it.
   */
  | { readonly type: 'source-port'; readonly source: EncodeSource; readonly port: MessagePort; readonly width?: number; readonly height?: number }
  /** The standard path: the track itself, for a MediaStreamTrackProcessor in the worker. */
  | { readonly type: 'source-track'; readonly source: EncodeSource; readonly track: MediaStreamTrack; readonly width?: number; readonly height?: number }
  | { readonly type: 'stop'; readonly source: EncodeSource }
  | { readonly type: 'muted'; readonly source: EncodeSource; readonly muted: boolean }
  | { readonly type: 'keyframe'; readonly track: MediaTrack }
  | { readonly type: 'canary'; readonly bytes: Uint8Array }
  /** Where encrypted frames go: the relay worker, which sends them. */
  | { readonly type: 'relay-port'; readonly port: MessagePort };

export type FromEncoder =
  | { readonly type: 'level'; readonly level: number }
  /** Per encoded frame (`track/sequence`): encoder output and hand-off to the page (wall clock), in batches. */
  | { readonly type: 'encoded'; readonly entries: [string, number, number][] }
  | { readonly type: 'error'; readonly message: string };

/** A media frame from the relay, through the relay worker's port. `at`: when the relay worker received it (wall clock). */
export interface RelayFrameMessage {
  readonly type: 'frame';
  readonly data: ArrayBuffer;
  readonly at: number;
}

export type ToDecoder =
  | EpochKeysMessage
  /** Where the relay worker delivers received media frames. */
  | { readonly type: 'relay-port'; readonly port: MessagePort }
  | { readonly type: 'audio-port'; readonly port: MessagePort }
  /** Where this stream's pictures go: the writable side of the page's video track for its tile. */
  | { readonly type: 'sink'; readonly sender: number; readonly track: MediaTrack; readonly writable: WritableStream<VideoFrame> }
  /** Where this stream's pictures go without MediaStreamTrackGenerator: a canvas of the page, drawn on here. */
  | { readonly type: 'canvas'; readonly sender: number; readonly track: MediaTrack; readonly canvas: OffscreenCanvas }
  /** The standard path: make a VideoTrackGenerator for this stream here and send its track back. */
  | { readonly type: 'generate'; readonly sender: number; readonly track: MediaTrack }
  /** The page's tile for this stream went away: forget its canvas. */
  | { readonly type: 'drop-sink'; readonly sender: number; readonly track: MediaTrack }
  | { readonly type: 'canary'; readonly bytes: Uint8Array }
  /** Test builds only: block the worker's event loop for `ms`. */
  | { readonly type: 'stall'; readonly ms: number };

export type FromDecoder =
  /** The first picture of a stream was decoded: the page makes its tile and sends a `sink`. */
  | { readonly type: 'video-started'; readonly sender: number; readonly track: MediaTrack;
    /** How this stream's first picture came about (wall clock ms): a join phase. */
    readonly timeline: Readonly<Record<string, number>> }
  /** The standard path: the VideoTrackGenerator's track for a stream's `<video>`. */
  | { readonly type: 'picture-track'; readonly sender: number; readonly track: MediaTrack; readonly picture: MediaStreamTrack }
  /** Per video stream (`sender/track`), ms since its last picture; every 500 ms. */
  | { readonly type: 'activity'; readonly idleMs: Record<string, number> }
  /** This stream waits for a keyframe (after a loss, or it began without one): ask its sender. */
  | { readonly type: 'keyframe-needed'; readonly sender: number; readonly track: MediaTrack }
  /** Per frame given to its decoder (`sender/track/sequence`): that moment and when the page received it (wall clock), in batches. */
  | { readonly type: 'decoded'; readonly entries: [string, number, number][] }
  | { readonly type: 'stats'; readonly decrypted: number; readonly rejected: number; readonly held: number; readonly lost: number; readonly skipped: number;
    /** Pictures dropped because the page's video track was full. */
    readonly undrawn: number;
    readonly keyframeRequests: number;
    /** Frames not decoded because they arrived more than 500 ms after the relay worker received them (this page fell behind). */
    readonly stale: number;
    /** Per video stream (`sender/track`), pictures handed to the page (its video track or canvas). */
    readonly pictures: Record<string, number>;
    /** Per sender, decoded audio frames and the loudest sample of the last second (before playback: it needs no audio device). */
    readonly audio: Record<number, { frames: number; peak: number }>;
    /** How long each of the worker's first AudioDecoders took to make, in ms (Firefox blocks the worker meanwhile). */
    readonly audioDecoderMs: readonly number[] };

/** Wall-clock milliseconds comparable across pages and workers of one machine. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}
