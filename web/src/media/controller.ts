/**
 * The page side of media: capture (camera, microphone, screen), the encoding and decoding
 * workers, and audio playback through an AudioWorklet. It knows nothing of MLS: the meeting
 * hands it each epoch's SFrame keys and the frames the relay forwards.
 */
import type { MediaPorts } from '../meeting/relay-link.js';
import { MediaTrack } from '../sframe/media.js';
import workletUrl from './playback-worklet.ts?worker&url';
import encodeWorkerUrl from './encode-worker.ts?worker&url';
import decodeWorkerUrl from './decode-worker.ts?worker&url';
import { PinnedWorker, announceRefusal, verifiedScriptUrl } from '../pinned.js';
import type { MediaPath } from './capabilities.js';
import { captureAudio, captureVideo, type Capture } from './element-capture.js';
import type { EpochKeysMessage, EncodeSource, FromDecoder, FromEncoder, ToDecoder, ToEncoder } from './messages.js';

export interface MediaEvents {
  /** A remote video stream started: `picture` is the element its decoded pictures show on. */
  video(sender: number, track: MediaTrack, picture: Picture): void;
  /** Per video stream (`sender/track`), ms since its last picture. */
  activity(idleMs: Record<string, number>): void;
  /** A remote video stream cannot continue without a keyframe from its sender. */
  keyframeNeeded(sender: number, track: MediaTrack): void;
  levels(levels: Record<number, { rms: number; peak: number }>): void;
  localLevel(level: number): void;
  error(message: string): void;
}

declare class MediaStreamTrackProcessor<T> {
  constructor(init: { track: MediaStreamTrack });
  readonly readable: ReadableStream<T>;
}

/** Chromium's "insertable streams" track source (MediaStreamTrackGenerator). */
declare class MediaStreamTrackGenerator extends MediaStreamTrack {
  constructor(init: { kind: 'video' | 'audio' });
  readonly writable: WritableStream<VideoFrame>;
}

/**
 * Timestamps (wall clock ms) for latency measurement: per sent frame its encoder output and its
 * hand-off to the relay worker, per received frame its arrival at the relay worker and its
 * decoder input.
 */
export interface MediaTimings {
  readonly encoded: Map<string, readonly [number, number]>;
  readonly decoded: Map<string, readonly [number, number]>;
}

/**
 * Where a remote video stream's pictures show: a `<video>` playing a generated track (chromium and
 * standard paths), or a `<canvas>` the decode worker draws on (firefox path). `close` ends it.
 */
export interface Picture {
  readonly element: HTMLVideoElement | HTMLCanvasElement;
  close(): void;
}

/** Until the meeting view takes over: nothing is drawn or played before joining. */
const NO_EVENTS: MediaEvents = {
  video: (_sender, _track, picture) => picture.close(),
  activity: () => undefined,
  keyframeNeeded: () => undefined,
  levels: () => undefined,
  localLevel: () => undefined,
  error: (message) => console.warn(message),
};

export class MediaController {
  private readonly encoder: PinnedWorker;
  private readonly decoder: PinnedWorker;
  private audio: Promise<AudioContext> | undefined;
  private encoderEpoch: bigint | undefined;
  private decoderEpoch: bigint | undefined;
  private readonly sending = new Map<EncodeSource, MediaStreamTrack>();
  /** Captures of the firefox path, per source. */
  private readonly captures = new Map<EncodeSource, Capture>();
  readonly timings: MediaTimings = { encoded: new Map(), decoded: new Map() };
  decodeStats: Extract<FromDecoder, { type: 'stats' }> | undefined;
  firstRemoteFrameAt: number | undefined;
  /** The media workers' ends for the relay worker: frames to send and frames received. */
  readonly relayPorts: MediaPorts;

  constructor(private events: MediaEvents = NO_EVENTS, readonly path: MediaPath = 'chromium') {
    // Integrity-checked against the hashes pinned in this (SRI-pinned) script: src/pinned.ts.
    this.encoder = new PinnedWorker(encodeWorkerUrl, 'encode', (e) => this.events.error(e.message));
    this.decoder = new PinnedWorker(decodeWorkerUrl, 'decode', (e) => this.events.error(e.message));
    this.encoder.onmessage = (e: MessageEvent<FromEncoder>) => this.fromEncoder(e.data);
    this.decoder.onmessage = (e: MessageEvent<FromDecoder>) => this.fromDecoder(e.data);
    const sent = new MessageChannel();
    const received = new MessageChannel();
    this.postEncoder({ type: 'relay-port', port: sent.port1 }, [sent.port1]);
    this.postDecoder({ type: 'relay-port', port: received.port1 }, [received.port1]);
    this.relayPorts = { fromEncoder: sent.port2, toDecoder: received.port2 };
  }

  setEvents(events: MediaEvents): void {
    this.events = events;
  }

  /**
   * Sets up playback (the AudioContext and its worklet) without starting it, so that the join
   * click does not wait for it. Browsers keep a context made before a user gesture suspended.
   */
  prepareAudio(): Promise<AudioContext> {
    this.audio ??= (async () => {
      const ctx = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
      const verified = await verifiedScriptUrl(workletUrl).catch((e: unknown) => {
        announceRefusal(`worklet playback refused: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      });
      try {
        await ctx.audioWorklet.addModule(verified);
      } finally {
        if (verified !== workletUrl) URL.revokeObjectURL(verified);
      }
      const node = new AudioWorkletNode(ctx, 'conclave-playback', { numberOfInputs: 0, outputChannelCount: [2] });
      node.connect(ctx.destination);
      const channel = new MessageChannel();
      node.port.postMessage({ port: channel.port1 }, [channel.port1]);
      node.port.onmessage = (e: MessageEvent<Record<number, { rms: number; peak: number }>>) => this.events.levels(e.data);
      this.postDecoder({ type: 'audio-port', port: channel.port2 }, [channel.port2]);
      return ctx;
    })();
    return this.audio;
  }

  /** Starts playback; call from a user gesture (the join click) so the AudioContext may run. */
  async startAudio(): Promise<void> {
    const ctx = await this.prepareAudio();
    await ctx.resume();
  }

  /**
   * Hands an epoch's keys to the decoder and, if `send`, to the encoder: without keys the encoder
   * sends nothing (a joiner before the group proved itself). The same epoch may come twice, the
   * second time to start sending; the decoder gets each epoch once.
   */
  setKeys(keys: EpochKeysMessage, send = true): void {
    if (send && (this.encoderEpoch === undefined || keys.epoch > this.encoderEpoch)) {
      this.encoderEpoch = keys.epoch;
      this.postEncoder(keys);
    }
    if (this.decoderEpoch === undefined || keys.epoch > this.decoderEpoch) {
      this.decoderEpoch = keys.epoch;
      this.postDecoder(keys);
    }
  }

  /** Sends `track` as `source`; replaces what was sent before. */
  send(source: EncodeSource, track: MediaStreamTrack): void {
    this.sending.get(source)?.stop();
    this.captures.get(source)?.stop();
    this.captures.delete(source);
    this.sending.set(source, track);
    const settings = track.getSettings();
    const size = source === 'screen' ? fit(settings.width ?? 1280, settings.height ?? 720, 1280, 720) : { width: 640, height: 360 };
    if (this.path === 'chromium') {
      const processor = new MediaStreamTrackProcessor<VideoFrame | AudioData>({ track });
      this.postEncoder({ type: 'source', source, readable: processor.readable, ...size }, [processor.readable as unknown as Transferable]);
    } else if (this.path === 'standard') {
      // The worker makes the processor: the track itself moves there (mediacapture-transform).
      const moved = track.clone();
      this.postEncoder({ type: 'source-track', source, track: moved, ...size }, [moved as unknown as Transferable]);
    } else {
      const channel = new MessageChannel();
      this.postEncoder({ type: 'source-port', source, port: channel.port2, ...size }, [channel.port2]);
      this.captures.set(source, source === 'audio' ? captureAudio(track, channel.port1) : captureVideo(track, channel.port1));
    }
    track.addEventListener('ended', () => {
      if (this.sending.get(source) === track) this.stop(source);
    });
  }

  stop(source: EncodeSource): void {
    this.captures.get(source)?.stop();
    this.captures.delete(source);
    this.sending.get(source)?.stop();
    this.sending.delete(source);
    this.postEncoder({ type: 'stop', source });
  }

  isSending(source: EncodeSource): boolean {
    return this.sending.has(source);
  }

  setMuted(source: EncodeSource, muted: boolean): void {
    const t = this.sending.get(source);
    if (t !== undefined) t.enabled = !muted;
    this.postEncoder({ type: 'muted', source, muted });
  }

  keyframe(track: number): void {
    if (track === MediaTrack.CAMERA || track === MediaTrack.SCREEN) this.postEncoder({ type: 'keyframe', track });
  }

  /**
   * Test hook: bytes appended to every encoded video frame before encryption, and stripped from
   * received frames that end with them (VP8 decoders may refuse trailing bytes).
   */
  setCanary(bytes: Uint8Array): void {
    if (!__CONCLAVE_TEST_HOOKS__) return;
    this.postEncoder({ type: 'canary', bytes });
    this.postDecoder({ type: 'canary', bytes });
  }

  /** Test hook: the decode worker's event loop stops for `ms`, as on a device short of CPU. */
  stallDecoder(ms: number): void {
    if (!__CONCLAVE_TEST_HOOKS__) return;
    this.postDecoder({ type: 'stall', ms });
  }

  close(): void {
    for (const s of [...this.sending.keys()]) this.stop(s);
    this.encoder.terminate();
    this.decoder.terminate();
    void this.audio?.then((ctx) => ctx.close(), () => undefined);
  }

  private fromEncoder(m: FromEncoder): void {
    switch (m.type) {
      case 'level':
        this.events.localLevel(m.level);
        break;
      case 'encoded':
        for (const [key, at, sentAt] of m.entries) remember(this.timings.encoded, key, [at, sentAt]);
        break;
      case 'error':
        this.events.error(m.message);
        break;
    }
  }

  private fromDecoder(m: FromDecoder): void {
    switch (m.type) {
      case 'video-started': {
        if (this.firstRemoteFrameAt === undefined) {
          this.firstRemoteFrameAt = performance.now();
          // How the first picture came about, before the page's event loop got to it (join phases).
          for (const [step, at] of Object.entries(m.timeline)) {
            performance.mark(`conclave:first-picture-${step}`, { startTime: at - performance.timeOrigin });
          }
        }
        this.events.video(m.sender, m.track, this.picture(m.sender, m.track));
        break;
      }
      case 'picture-track':
        this.pictureTracks.get(`${m.sender}/${m.track}`)?.(m.picture);
        break;
      case 'activity':
        this.events.activity(m.idleMs);
        break;
      case 'keyframe-needed':
        this.events.keyframeNeeded(m.sender, m.track);
        break;
      case 'decoded':
        for (const [key, at, receivedAt] of m.entries) remember(this.timings.decoded, key, [receivedAt, at]);
        break;
      case 'stats':
        this.decodeStats = m;
        break;
    }
  }

  /** Resolvers of the standard path's `<video>` elements, waiting for their track from the decode worker. */
  private readonly pictureTracks = new Map<string, (t: MediaStreamTrack) => void>();

  /** Where the pictures of a stream that just started show, by path. */
  private picture(sender: number, track: MediaTrack): Picture {
    if (this.path === 'firefox') {
      const canvas = document.createElement('canvas');
      const offscreen = canvas.transferControlToOffscreen();
      this.postDecoder({ type: 'canvas', sender, track, canvas: offscreen }, [offscreen]);
      return { element: canvas, close: () => this.postDecoder({ type: 'drop-sink', sender, track }) };
    }
    const video = document.createElement('video');
    video.autoplay = true;
    video.muted = true;
    video.playsInline = true;
    const stopAll = (): void => {
      if (video.srcObject instanceof MediaStream) video.srcObject.getTracks().forEach((t) => t.stop());
    };
    if (this.path === 'standard') {
      // The decode worker makes a VideoTrackGenerator and sends its track here.
      this.pictureTracks.set(`${sender}/${track}`, (t) => { stopAll(); video.srcObject = new MediaStream([t]); });
      this.postDecoder({ type: 'generate', sender, track });
      return { element: video, close: () => { stopAll(); this.postDecoder({ type: 'drop-sink', sender, track }); } };
    }
    const generator = new MediaStreamTrackGenerator({ kind: 'video' });
    this.postDecoder({ type: 'sink', sender, track, writable: generator.writable }, [generator.writable as unknown as Transferable]);
    video.srcObject = new MediaStream([generator]);
    return { element: video, close: () => { stopAll(); this.postDecoder({ type: 'drop-sink', sender, track }); } };
  }

  private postEncoder(m: ToEncoder, transfer: Transferable[] = []): void {
    this.encoder.postMessage(m, transfer);
  }

  private postDecoder(m: ToDecoder, transfer: Transferable[] = []): void {
    this.decoder.postMessage(m, transfer);
  }
}

const TIMINGS_KEPT = 5000;

function remember(map: Map<string, readonly [number, number]>, key: string, at: readonly [number, number]): void {
  map.set(key, at);
  if (map.size > TIMINGS_KEPT) map.delete(map.keys().next().value!);
}

/** Largest even size within max that keeps the aspect ratio. */
function fit(w: number, h: number, maxW: number, maxH: number): { width: number; height: number } {
  const scale = Math.min(1, maxW / w, maxH / h);
  return { width: Math.max(2, Math.round((w * scale) / 2) * 2), height: Math.max(2, Math.round((h * scale) / 2) * 2) };
}
