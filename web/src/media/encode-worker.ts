/**
 * Encoding worker: WebCodecs VP8 (camera 640x360, screen) and Opus (20 ms), each encoded frame
 * SFrame-encrypted with this member's key of the current epoch (RFC 9605 §5.2) and handed back as
 * a complete media frame (docs/PROTOCOL.md) for the WebSocket.
 */
import { MlsSFrameContext } from '../sframe/mls-context.js';
import { encryptMediaFrame, MediaTrack } from '../sframe/media.js';
import { wallClock, type EncodeSource, type FromEncoder, type ToEncoder } from './messages.js';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ToEncoder>) => void) | null; postMessage(m: FromEncoder, t?: Transferable[]): void };
const sframe = new MlsSFrameContext();
const KEYFRAME_INTERVAL_MS = 2000;

const TRACKS: Record<EncodeSource, MediaTrack> = { audio: MediaTrack.AUDIO, camera: MediaTrack.CAMERA, screen: MediaTrack.SCREEN };

interface Source {
  readonly track: MediaTrack;
  readonly reader: ReadableStreamDefaultReader<VideoFrame | AudioData>;
  muted: boolean;
  forceKeyframe: boolean;
  lastKeyframe: number;
  encoder: VideoEncoder | AudioEncoder | undefined;
}

const sources = new Map<EncodeSource, Source>();
let canary: Uint8Array | undefined;
/** The relay worker's port; frames are dropped until it is there. */
let relay: MessagePort | undefined;
/** Per track, kept across camera restarts so receivers never see the counter go back. */
const sequences = new Map<MediaTrack, number>();
/** Frames are encrypted in order: the SFrame CTR and the sequence number must agree with the send order. */
let sendChain: Promise<void> = Promise.resolve();
/** When each frame was encoded and handed to the relay worker (`track/sequence`), sent to the page in batches. */
let encodedLog: [string, number, number][] = [];

setInterval(() => {
  if (encodedLog.length === 0) return;
  scope.postMessage({ type: 'encoded', entries: encodedLog });
  encodedLog = [];
}, 250);

function send(track: MediaTrack, source: Source, keyframe: boolean, payload: Uint8Array<ArrayBuffer>): void {
  const sequence = sequences.get(track) ?? 0;
  sequences.set(track, (sequence + 1) >>> 0);
  const at = wallClock();
  sendChain = sendChain.then(async () => {
    if (sframe.currentEpoch === undefined) return;
    const frame = await encryptMediaFrame(sframe, { track, keyframe, spatialLayer: 0, temporalLayer: 0, sequence }, payload);
    if (relay === undefined) return;
    relay.postMessage(frame.buffer, [frame.buffer]);
    encodedLog.push([`${track}/${sequence}`, at, wallClock()]);
  }).catch((e: unknown) => scope.postMessage({ type: 'error', message: String(e) }));
}

function videoEncoder(source: Source, width: number, height: number): VideoEncoder {
  const encoder = new VideoEncoder({
    output: (chunk) => {
      const extra = canary ?? new Uint8Array();
      const payload = new Uint8Array(chunk.byteLength + extra.length);
      chunk.copyTo(payload);
      // Test hook: the canary rides after the VP8 partitions, which decoders ignore.
      payload.set(extra, chunk.byteLength);
      send(source.track, source, chunk.type === 'key', payload);
    },
    error: (e) => scope.postMessage({ type: 'error', message: `video encoder: ${e.message}` }),
  });
  encoder.configure({
    codec: 'vp8',
    width,
    height,
    bitrate: source.track === MediaTrack.SCREEN ? 1_500_000 : 700_000,
    framerate: 30,
    latencyMode: 'realtime',
  });
  return encoder;
}

function audioEncoder(source: Source, sampleRate: number): AudioEncoder {
  const encoder = new AudioEncoder({
    output: (chunk) => {
      const payload = new Uint8Array(chunk.byteLength);
      chunk.copyTo(payload);
      send(MediaTrack.AUDIO, source, false, payload);
    },
    error: (e) => scope.postMessage({ type: 'error', message: `audio encoder: ${e.message}` }),
  });
  encoder.configure({ codec: 'opus', sampleRate, numberOfChannels: 1, bitrate: 32_000, opus: { frameDuration: 20_000 } } as AudioEncoderConfig);
  return encoder;
}

/** Mono copy of `data` (its first channel), as Opus is sent mono. */
function mono(data: AudioData): Float32Array<ArrayBuffer> {
  const pcm = new Float32Array(data.numberOfFrames);
  data.copyTo(pcm, { planeIndex: 0, format: 'f32-planar' });
  return pcm;
}

/** RMS of the first channel, for the local speaking indicator. */
function level(data: AudioData): number {
  const pcm = mono(data);
  let sum = 0;
  for (const v of pcm) sum += v * v;
  return Math.sqrt(sum / Math.max(1, pcm.length));
}

let lastLevelAt = 0;

async function pump(name: EncodeSource, source: Source, width: number, height: number): Promise<void> {
  for (;;) {
    const { value, done } = await source.reader.read();
    if (done || value === undefined) return;
    try {
      if (source.muted || sframe.currentEpoch === undefined) continue;
      if (value instanceof VideoFrame) {
        source.encoder ??= videoEncoder(source, width, height);
        const enc = source.encoder as VideoEncoder;
        if (enc.encodeQueueSize > 2) continue;
        const now = performance.now();
        const keyFrame = source.forceKeyframe || now - source.lastKeyframe > KEYFRAME_INTERVAL_MS;
        if (keyFrame) {
          source.forceKeyframe = false;
          source.lastKeyframe = now;
        }
        enc.encode(value, { keyFrame });
      } else {
        if (name === 'audio' && performance.now() - lastLevelAt > 100) {
          lastLevelAt = performance.now();
          scope.postMessage({ type: 'level', level: level(value) });
        }
        source.encoder ??= audioEncoder(source, value.sampleRate);
        if (value.numberOfChannels === 1) {
          // Already mono (the microphone is opened with channelCount 1): no copy.
          (source.encoder as AudioEncoder).encode(value);
        } else {
          const input = new AudioData({ format: 'f32-planar', sampleRate: value.sampleRate, numberOfFrames: value.numberOfFrames, numberOfChannels: 1, timestamp: value.timestamp, data: mono(value) });
          (source.encoder as AudioEncoder).encode(input);
          input.close();
        }
      }
    } finally {
      value.close();
    }
  }
}

/** What a capture without MediaStreamTrackProcessor posts (element-capture.ts), as the stream the processor would give. */
function portStream(port: MessagePort, video: boolean): ReadableStream<VideoFrame | AudioData> {
  return new ReadableStream<VideoFrame | AudioData>({
    start(controller) {
      port.onmessage = (e: MessageEvent<VideoFrame | 'end' | { pcm: Float32Array<ArrayBuffer>; sampleRate: number; timestamp: number }>) => {
        const d = e.data;
        if (d === 'end') {
          try { controller.close(); } catch { /* already cancelled */ }
          port.close();
          return;
        }
        const item = d instanceof VideoFrame ? d
          : new AudioData({ format: 'f32-planar', sampleRate: d.sampleRate, numberOfFrames: d.pcm.length, numberOfChannels: 1, timestamp: d.timestamp, data: d.pcm });
        // Behind (the encoder is busy): drop rather than queue, as a track processor does.
        if ((controller.desiredSize ?? 1) <= 0) {
          item.close();
          return;
        }
        controller.enqueue(item);
      };
    },
    cancel() {
      port.close();
    },
  }, { highWaterMark: video ? 2 : 10 });
}

function stop(name: EncodeSource): void {
  const s = sources.get(name);
  if (s === undefined) return;
  sources.delete(name);
  void s.reader.cancel();
  if (s.encoder !== undefined && s.encoder.state !== 'closed') s.encoder.close();
}

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'keys':
      sframe.addEpoch({ epoch: m.epoch, baseKey: m.baseKey, groupSize: m.groupSize, roster: m.roster, ownIndex: m.ownIndex });
      // Someone may have just joined: give every receiver a picture to start from.
      for (const s of sources.values()) s.forceKeyframe = true;
      break;
    case 'source': {
      stop(m.source);
      const s: Source = { track: TRACKS[m.source], reader: m.readable.getReader(), muted: false, forceKeyframe: true, lastKeyframe: 0, encoder: undefined };
      sources.set(m.source, s);
      void pump(m.source, s, m.width ?? 640, m.height ?? 360).catch((err: unknown) => scope.postMessage({ type: 'error', message: String(err) }));
      break;
    }
    case 'source-port': {
      stop(m.source);
      const s: Source = { track: TRACKS[m.source], reader: portStream(m.port, m.source !== 'audio').getReader(), muted: false, forceKeyframe: true, lastKeyframe: 0, encoder: undefined };
      sources.set(m.source, s);
      void pump(m.source, s, m.width ?? 640, m.height ?? 360).catch((err: unknown) => scope.postMessage({ type: 'error', message: String(err) }));
      break;
    }
    case 'source-track': {
      stop(m.source);
      const processor = new (self as unknown as { MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame | AudioData> } })
        .MediaStreamTrackProcessor({ track: m.track });
      const s: Source = { track: TRACKS[m.source], reader: processor.readable.getReader(), muted: false, forceKeyframe: true, lastKeyframe: 0, encoder: undefined };
      sources.set(m.source, s);
      void pump(m.source, s, m.width ?? 640, m.height ?? 360).catch((err: unknown) => scope.postMessage({ type: 'error', message: String(err) }));
      break;
    }
    case 'stop':
      stop(m.source);
      break;
    case 'muted': {
      const s = sources.get(m.source);
      if (s !== undefined) {
        s.muted = m.muted;
        s.forceKeyframe = true;
      }
      break;
    }
    case 'keyframe':
      for (const s of sources.values()) if (s.track === m.track) s.forceKeyframe = true;
      break;
    case 'canary':
      // Test builds only (vite mode e2e): production bundles carry no canary code.
      if (__CONCLAVE_TEST_HOOKS__) canary = m.bytes;
      break;
    case 'relay-port':
      relay = m.port;
      break;
  }
};
