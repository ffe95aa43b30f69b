/**
 * Decoding worker: decrypts received media frames (docs/PROTOCOL.md "Receiving"), orders them per
 * sender and track in a {@link JitterBuffer}, decodes VP8 and Opus with WebCodecs, writes video
 * frames into the page's video tracks (MediaStreamTrackGenerator writables, so pictures never
 * cross the page's event loop and are composited without a canvas) and sends audio to the playback
 * worklet's port.
 */
import { SFrameError } from '../sframe/errors.js';
import { MlsSFrameContext } from '../sframe/mls-context.js';
import { decodeMediaHeader, decryptMediaFrame, MEDIA_HEADER_LENGTH, MediaTrack } from '../sframe/media.js';
import { decodeHeader } from '../sframe/header.js';
import { JitterBuffer } from './jitter.js';
import { wallClock, type FromDecoder, type RelayFrameMessage, type ToDecoder } from './messages.js';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ToDecoder>) => void) | null; postMessage(m: FromDecoder, t?: Transferable[]): void };
const sframe = new MlsSFrameContext();
const HOLD_MS = 5000;
const MAX_HELD = 512;

/** A decrypted frame's payload and when the relay worker received it (wall clock). */
interface Payload {
  readonly data: Uint8Array<ArrayBuffer>;
  readonly receivedAt: number;
}

interface Stream {
  readonly sender: number;
  readonly track: MediaTrack;
  readonly jitter: JitterBuffer<Payload>;
  decoder: VideoDecoder | AudioDecoder | undefined;
  timestamp: number;
  /** The page's video track for this stream, once it sent one. */
  sink: WritableStreamDefaultWriter<VideoFrame> | undefined;
  /** Or, without MediaStreamTrackGenerator, the page's canvas for it (transferred here). */
  canvas: OffscreenCanvasRenderingContext2D | undefined;
  /** The page was told of this stream and will send a sink. */
  sinkRequested: boolean;
  /** The newest picture while there is no sink yet. */
  pending: VideoFrame | undefined;
  lastPictureAt: number;
  lastKeyframeRequest: number;
  /** Wakes {@link drain} when a frame waiting for a missing one is due. */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Until its first picture: when its first frame and first keyframe reached the relay worker and were decrypted, and when decoding began (wall clock). */
  readonly timeline: Record<string, number>;
}

/** How often one stream may ask its sender for a keyframe. */
const KEYFRAME_REQUEST_INTERVAL_MS = 500;

const streams = new Map<string, Stream>();
/** Frames under a KID of an epoch not installed yet (the sender applied a commit first). */
let held: { data: Uint8Array<ArrayBuffer>; at: number; receivedAt: number }[] = [];
let audioPort: MessagePort | undefined;
let canary: Uint8Array | undefined;

/** The frame without the test canary at its end, if it has one. */
function withoutCanary(p: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const c = canary;
  if (c === undefined || p.length < c.length) return p;
  for (let i = 0; i < c.length; i++) if (p[p.length - c.length + i] !== c[i]) return p;
  return p.subarray(0, p.length - c.length);
}
/** How long making each of the first AudioDecoders took, in ms (docs/BROWSERS.md, the audio sink). */
const audioDecoderMs: number[] = [];
const stats = { decrypted: 0, rejected: 0, held: 0, lost: 0, undrawn: 0, keyframeRequests: 0, stale: 0 };
/**
 * A frame this long after the relay worker received it is not decoded: this worker (or the page
 * feeding it) fell behind, and decoding a backlog in order only keeps every later picture just as
 * late. A video stream then waits for a fresh keyframe, which it asks for; stale audio is skipped.
 * Normal added latency is tens of ms (docs/PERFORMANCE.md); a page starved of CPU (Firefox under a
 * load average of 20–36) had fallen 20–35 s behind and never caught up.
 */
const STALE_MS = 500;
/** Pictures handed to the page, per video stream (`sender/track`). */
const pictures: Record<string, number> = {};
/** Decoded audio per sender: frames, and the loudest sample (every 8th) since the last report. */
const audio: Record<number, { frames: number; peak: number }> = {};
/** When each frame went to its decoder and when the relay worker had received it (`sender/track/sequence`), sent to the page in batches. */
let decodedLog: [string, number, number][] = [];

function stream(sender: number, track: MediaTrack): Stream {
  const key = `${sender}/${track}`;
  let s = streams.get(key);
  if (s === undefined) {
    s = {
      sender,
      track,
      jitter: new JitterBuffer<Payload>({ needsKeyframes: track !== MediaTrack.AUDIO, maxWaitMs: track === MediaTrack.AUDIO ? 40 : 80 }),
      decoder: undefined,
      timestamp: 0,
      sink: undefined,
      canvas: undefined,
      sinkRequested: false,
      pending: undefined,
      lastPictureAt: 0,
      lastKeyframeRequest: -Infinity,
      timer: undefined,
      timeline: {},
    };
    streams.set(key, s);
  }
  return s;
}

/** A configured VP8 decoder and the stream it decodes for, once one takes it. */
interface VideoDecoderSlot {
  readonly decoder: VideoDecoder;
  owner: Stream | undefined;
}

/**
 * Software VP8 (a 360p stream needs no GPU, and asking for hardware first costs a round trip to
 * the GPU process before the fallback), configured ahead of use: making and configuring the first
 * decoder is part of the time to the first picture, so one is kept ready from the lobby on.
 */
function videoDecoderSlot(): VideoDecoderSlot {
  const slot: { decoder?: VideoDecoder; owner: Stream | undefined } = { owner: undefined };
  const decoder = new VideoDecoder({
    output: (frame) => {
      if (slot.owner === undefined) frame.close();
      else show(slot.owner, frame);
    },
    error: () => {
      const s = slot.owner;
      if (s === undefined) {
        if (spareVideoDecoder === slot) spareVideoDecoder = undefined;
        return;
      }
      s.decoder = undefined;
      s.jitter.reset();
    },
  });
  decoder.configure({ codec: 'vp8', optimizeForLatency: true, hardwareAcceleration: 'prefer-software' });
  slot.decoder = decoder;
  return slot as VideoDecoderSlot;
}

let spareVideoDecoder: VideoDecoderSlot | undefined = videoDecoderSlot();

/** The worker's own first events (wall clock), reported with the first picture's timeline. */
const workerTimeline: Record<string, number> = {};

function decoderFor(s: Stream): VideoDecoder | AudioDecoder {
  if (s.decoder !== undefined && s.decoder.state !== 'closed') return s.decoder;
  if (s.track === MediaTrack.AUDIO) {
    const started = performance.now();
    const d = new AudioDecoder({
      output: (data) => {
        const pcm = new Float32Array(data.numberOfFrames);
        data.copyTo(pcm, { planeIndex: 0, format: 'f32-planar' });
        data.close();
        const a = (audio[s.sender] ??= { frames: 0, peak: 0 });
        a.frames++;
        for (let i = 0; i < pcm.length; i += 8) a.peak = Math.max(a.peak, Math.abs(pcm[i]!));
        audioPort?.postMessage({ sender: s.sender, pcm }, [pcm.buffer]);
      },
      error: () => { s.decoder = undefined; },
    });
    d.configure({ codec: 'opus', sampleRate: 48000, numberOfChannels: 1 });
    // Firefox blocks this thread meanwhile, while it asks the audio output for its rate.
    if (audioDecoderMs.length < 8) audioDecoderMs.push(Math.round(performance.now() - started));
    s.decoder = d;
  } else {
    const slot = spareVideoDecoder ?? videoDecoderSlot();
    spareVideoDecoder = undefined;
    slot.owner = s;
    s.decoder = slot.decoder;
    // The next stream (another member, a screen share) finds one ready too.
    setTimeout(() => { spareVideoDecoder ??= videoDecoderSlot(); }, 0);
  }
  return s.decoder;
}

/**
 * Hands a decoded picture to the page's video track. A track that cannot take more (the page is
 * behind) gets no queue: the picture is dropped, as a newer one follows within a frame interval.
 */
function show(s: Stream, frame: VideoFrame): void {
  s.lastPictureAt = performance.now();
  const canvas = s.canvas;
  if (canvas !== undefined) {
    // Drawn here, off the page's main thread; the page's placeholder canvas shows it.
    const c = canvas.canvas;
    if (c.width !== frame.displayWidth || c.height !== frame.displayHeight) {
      c.width = frame.displayWidth;
      c.height = frame.displayHeight;
    }
    canvas.drawImage(frame, 0, 0);
    frame.close();
    counted(s);
    return;
  }
  const sink = s.sink;
  if (sink === undefined) {
    s.pending?.close();
    s.pending = frame;
    if (!s.sinkRequested) {
      s.sinkRequested = true;
      s.timeline['decoded'] = wallClock();
      scope.postMessage({ type: 'video-started', sender: s.sender, track: s.track, timeline: { ...workerTimeline, ...s.timeline } });
    }
    return;
  }
  if ((sink.desiredSize ?? 1) <= 0) {
    frame.close();
    stats.undrawn++;
    return;
  }
  counted(s);
  sink.write(frame).catch(() => {
    // The page ended the track (the tile went away): ask for a new one if pictures keep coming.
    if (s.sink === sink) {
      s.sink = undefined;
      s.sinkRequested = false;
    }
  });
}

function counted(s: Stream): void {
  const key = `${s.sender}/${s.track}`;
  pictures[key] = (pictures[key] ?? 0) + 1;
}

/** Asks (through the page) the sender of a stream stuck without a keyframe for one, at most every 500 ms. */
function requestKeyframe(s: Stream, now: number): void {
  if (s.track === MediaTrack.AUDIO || !s.jitter.needsKeyframe || now - s.lastKeyframeRequest < KEYFRAME_REQUEST_INTERVAL_MS) return;
  s.lastKeyframeRequest = now;
  stats.keyframeRequests++;
  scope.postMessage({ type: 'keyframe-needed', sender: s.sender, track: s.track });
}

/** Decodes what the jitter buffer releases now, and sleeps until it will release more. */
function drain(s: Stream, now: number): void {
  decodeReleased(s, now);
  const at = s.jitter.releaseAt;
  if (at === undefined || s.timer !== undefined) return;
  // A frame waits for a missing one: come back when it is due (a timer per waiting stream, not a
  // poll every few ms on every page).
  s.timer = setTimeout(() => {
    s.timer = undefined;
    drain(s, performance.now());
  }, Math.max(1, at - now));
}

function decodeReleased(s: Stream, now: number): void {
  for (const f of s.jitter.pop(now)) {
    const d = decoderFor(s);
    s.timestamp += s.track === MediaTrack.AUDIO ? 20_000 : 33_333;
    try {
      if (d instanceof AudioDecoder) {
        d.decode(new EncodedAudioChunk({ type: 'key', timestamp: s.timestamp, data: f.payload.data }));
      } else {
        if (d.decodeQueueSize > 10) {
          // The decoder cannot keep up: drop what is queued here and start again at a keyframe.
          s.jitter.reset();
          return;
        }
        d.decode(new EncodedVideoChunk({ type: f.keyframe ? 'key' : 'delta', timestamp: s.timestamp, data: f.payload.data }));
        s.timeline['decode-called'] ??= wallClock();
      }
      decodedLog.push([`${s.sender}/${s.track}/${f.sequence}`, wallClock(), f.payload.receivedAt]);
    } catch {
      s.decoder = undefined;
      s.jitter.reset();
      return;
    }
  }
}

/**
 * Frames are decrypted as soon as they arrive, many at once (WebCrypto works off this thread), but
 * their results are taken in arrival order: a stream's first frames decide where its jitter buffer
 * starts, and a keyframe overtaken by the frames after it would be dropped as late.
 */
let inArrivalOrder: Promise<void> = Promise.resolve();

function receive(data: Uint8Array<ArrayBuffer>, arrivedAt: number, receivedAt: number, mayHold: boolean, wasHeld = false): Promise<void> {
  const decrypted = (async () => {
    decodeMediaHeader(data);
    return decryptMediaFrame(sframe, data);
  })();
  // Settled here so a rejection is never unhandled while earlier frames are still being taken.
  const outcome = decrypted.then((frame) => ({ frame, error: undefined }), (error: unknown) => ({ frame: undefined, error }));
  inArrivalOrder = inArrivalOrder.then(async () => {
    const { frame, error } = await outcome;
    if (frame === undefined) {
      if (mayHold && error instanceof SFrameError && error.code === 'UNKNOWN_KID' && isNearFuture(data)) {
        if (held.length >= MAX_HELD) held.shift();
        held.push({ data, at: arrivedAt, receivedAt });
        stats.held++;
      } else {
        stats.rejected++;
      }
      return;
    }
    stats.decrypted++;
    const s = stream(frame.senderIndex, frame.header.track);
    // Frames held for their epoch's keys waited on purpose (a joiner's first keyframe among them).
    if (!wasHeld && wallClock() - receivedAt > STALE_MS) {
      stats.stale++;
      if (frame.header.track !== MediaTrack.AUDIO) {
        s.jitter.reset();
        requestKeyframe(s, performance.now());
      }
      return;
    }
    const payload = frame.header.track === MediaTrack.AUDIO ? frame.plaintext : withoutCanary(frame.plaintext);
    if (!s.sinkRequested) {
      const t = s.timeline;
      if (t['frame-decrypted'] === undefined) {
        t['frame-received'] = receivedAt;
        t['frame-decrypted'] = wallClock();
      }
      if (frame.header.keyframe && t['keyframe-decrypted'] === undefined) {
        t['keyframe-received'] = receivedAt;
        t['keyframe-decrypted'] = wallClock();
      }
    }
    s.jitter.push({ sequence: frame.header.sequence, keyframe: frame.header.keyframe, payload: { data: payload, receivedAt }, arrivedAt });
    const now = performance.now();
    drain(s, now);
    // Frames keep coming that cannot be decoded without a keyframe.
    requestKeyframe(s, now);
  }).catch(() => { stats.rejected++; });
  return inArrivalOrder;
}

/** Only the next two epochs can still arrive; anything else never will. */
function isNearFuture(data: Uint8Array): boolean {
  const current = sframe.currentEpoch;
  if (current === undefined) return true;
  try {
    const kid = decodeHeader(data.subarray(MEDIA_HEADER_LENGTH)).kid;
    const low = kid & 15n;
    return low === ((current + 1n) & 15n) || low === ((current + 2n) & 15n);
  } catch {
    return false;
  }
}

setInterval(() => {
  if (decodedLog.length === 0) return;
  scope.postMessage({ type: 'decoded', entries: decodedLog });
  decodedLog = [];
}, 250);

setInterval(() => {
  const now = performance.now();
  const idleMs: Record<string, number> = {};
  for (const [key, s] of streams) if (s.track !== MediaTrack.AUDIO && s.lastPictureAt > 0) idleMs[key] = now - s.lastPictureAt;
  scope.postMessage({ type: 'activity', idleMs });
}, 500);

setInterval(() => {
  let lost = 0;
  let skipped = 0;
  for (const s of streams.values()) {
    lost += s.jitter.lost;
    skipped += s.jitter.skipped;
  }
  scope.postMessage({ type: 'stats', ...stats, lost, skipped, pictures, audio: structuredClone(audio), audioDecoderMs });
  for (const a of Object.values(audio)) a.peak = 0;
}, 1000);

/**
 * Key installs run one after the other; a frame waits only for the installs posted before it, not
 * for other frames' decryption (see {@link receive}). The SFrame context re-checks the replay
 * window after each await, so overlapping decryptions of one KID stay safe.
 */
let keysInstalled: Promise<void> = Promise.resolve();

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'keys':
      workerTimeline['keys-arrived'] ??= wallClock();
      keysInstalled = keysInstalled.then(async () => {
        sframe.addEpoch({ epoch: m.epoch, baseKey: m.baseKey, groupSize: m.groupSize, roster: m.roster, ownIndex: m.ownIndex });
        workerTimeline['keys-installed'] ??= wallClock();
        // A member who left: forget its streams, so that whoever takes its leaf later starts afresh
        // (its sequence numbers start again at 0, which the old jitter buffer would drop as late).
        for (const [key, s] of streams) {
          if (m.roster.includes(s.sender)) continue;
          streams.delete(key);
          if (s.timer !== undefined) clearTimeout(s.timer);
          s.pending?.close();
          void s.sink?.close().catch(() => undefined);
          if (s.decoder !== undefined && s.decoder.state !== 'closed') s.decoder.close();
        }
        const retry = held;
        held = [];
        const now = performance.now();
        await Promise.all(retry.filter((h) => now - h.at < HOLD_MS).map((h) => receive(h.data, h.at, h.receivedAt, true, true)));
      }).catch((err: unknown) => console.warn('epoch keys not installed', err));
      break;
    case 'relay-port':
      m.port.onmessage = (f: MessageEvent<RelayFrameMessage>) => {
        const frame = f.data;
        const arrivedAt = performance.now();
        workerTimeline['first-frame-arrived'] ??= wallClock();
        void keysInstalled.then(() => receive(new Uint8Array(frame.data), arrivedAt, frame.at, true));
      };
      break;
    case 'sink': {
      const s = streams.get(`${m.sender}/${m.track}`);
      if (s === undefined) {
        void m.writable.abort();
        break;
      }
      void s.sink?.close().catch(() => undefined);
      s.sink = m.writable.getWriter();
      const first = s.pending;
      s.pending = undefined;
      if (first !== undefined) show(s, first);
      break;
    }
    case 'canvas': {
      const s = streams.get(`${m.sender}/${m.track}`);
      const context = m.canvas.getContext('2d', { alpha: false, desynchronized: true });
      if (s === undefined || context === null) break;
      void s.sink?.close().catch(() => undefined);
      s.sink = undefined;
      s.canvas = context;
      const first = s.pending;
      s.pending = undefined;
      if (first !== undefined) show(s, first);
      break;
    }
    case 'generate': {
      const s = streams.get(`${m.sender}/${m.track}`);
      if (s === undefined) break;
      const generator = new (self as unknown as { VideoTrackGenerator: new () => { readonly writable: WritableStream<VideoFrame>; readonly track: MediaStreamTrack } }).VideoTrackGenerator();
      void s.sink?.close().catch(() => undefined);
      s.canvas = undefined;
      s.sink = generator.writable.getWriter();
      scope.postMessage({ type: 'picture-track', sender: m.sender, track: m.track, picture: generator.track }, [generator.track as unknown as Transferable]);
      const first = s.pending;
      s.pending = undefined;
      if (first !== undefined) show(s, first);
      break;
    }
    case 'drop-sink': {
      const s = streams.get(`${m.sender}/${m.track}`);
      if (s === undefined) break;
      s.canvas = undefined;
      void s.sink?.close().catch(() => undefined);
      s.sink = undefined;
      s.sinkRequested = false;
      break;
    }
    case 'audio-port':
      audioPort = m.port;
      break;
    case 'canary':
      // Test builds only (vite mode e2e): production bundles carry no canary code.
      if (__CONCLAVE_TEST_HOOKS__) canary = m.bytes;
      break;
    case 'stall':
      if (__CONCLAVE_TEST_HOOKS__) {
        const end = performance.now() + m.ms;
        while (performance.now() < end) {
          // Busy, as a worker whose device has no CPU to spare: messages queue up behind it.
        }
      }
      break;
  }
};
