/**
 * Which capture and render path this browser can use, chosen from what it exposes (never from its
 * user agent). {@link chooseMediaPath} is pure: it works on a capability set, which
 * {@link probeCapabilities} reads from the page and from a worker.
 *
 * - `standard`: MediaStreamTrackProcessor and VideoTrackGenerator in workers (the W3C
 *   mediacapture-transform specification; Safari 26+, the first with WebCodecs audio: docs/BROWSERS.md).
 * - `chromium`: Chromium's window-level MediaStreamTrackProcessor and MediaStreamTrackGenerator.
 * - `firefox`: frames taken from a `<video>` (`new VideoFrame(video)`, paced by
 *   requestVideoFrameCallback), microphone samples from an AudioWorklet, decoded pictures drawn
 *   on OffscreenCanvases transferred to the decode worker.
 */
import probeWorkerUrl from './probe-worker.ts?worker&url';
import { announceRefusal, verifiedScriptUrl } from '../pinned.js';

export type MediaPath = 'standard' | 'chromium' | 'firefox';

export type MediaPathChoice =
  | { readonly path: MediaPath }
  /** `missing`: what this browser lacks, by API name, for the least demanding path. */
  | { readonly path: 'unsupported'; readonly missing: readonly string[] };

/** What a browser exposes, by API name, in the page and in a dedicated worker. */
export interface Capabilities {
  readonly secureContext: boolean;
  readonly window: ReadonlySet<string>;
  /** Undefined if no worker could be started or it did not answer. */
  readonly worker: ReadonlySet<string> | undefined;
}

/** Needed whatever the path: crypto, the relay connection, WebCodecs (the page configures and probes them too), workers, playback. */
const BASE_WINDOW = ['WebSocket', 'crypto.subtle', 'indexedDB', 'Worker', 'AudioWorkletNode', 'getUserMedia', 'VideoEncoder', 'VideoDecoder', 'AudioEncoder', 'AudioDecoder'];
/** The codecs and SFrame run in the media workers. */
const BASE_WORKER = ['VideoEncoder', 'VideoDecoder', 'AudioEncoder', 'AudioDecoder', 'crypto.subtle'];

const PATHS: Record<MediaPath, { readonly window: readonly string[]; readonly worker: readonly string[] }> = {
  standard: { window: [], worker: ['MediaStreamTrackProcessor', 'VideoTrackGenerator'] },
  chromium: { window: ['MediaStreamTrackProcessor', 'MediaStreamTrackGenerator'], worker: [] },
  firefox: {
    window: ['VideoFrame', 'HTMLVideoElement.requestVideoFrameCallback', 'HTMLCanvasElement.transferControlToOffscreen'],
    worker: ['OffscreenCanvas', 'AudioData'],
  },
};

/** The order of preference: media off the page's main thread as much as the browser allows. */
const PREFERENCE: readonly MediaPath[] = ['standard', 'chromium', 'firefox'];

function lacking(c: Capabilities, need: { readonly window: readonly string[]; readonly worker: readonly string[] }): string[] {
  const inWindow = need.window.filter((n) => !c.window.has(n));
  // Without an answer from a worker, what the page exposes stands in for it (most of these
  // APIs are exposed in both), except what exists only in workers.
  const inWorker = need.worker.filter((n) => !(c.worker ?? c.window).has(n));
  return [...inWindow, ...inWorker.filter((n) => !inWindow.includes(n)).map((n) => (c.worker !== undefined && c.window.has(n) ? `${n} (in workers)` : n))];
}

/**
 * The path to use, or what is missing. `preferred` (a test or debugging override) is taken if
 * this browser supports it.
 */
export function chooseMediaPath(c: Capabilities, preferred?: MediaPath): MediaPathChoice {
  const base = [...(c.secureContext ? [] : ['a secure context (https:// or http://localhost)']), ...lacking(c, { window: BASE_WINDOW, worker: BASE_WORKER })];
  if (base.length > 0) return { path: 'unsupported', missing: base };
  if (preferred !== undefined && lacking(c, PATHS[preferred]).length === 0) return { path: preferred };
  for (const path of PREFERENCE) if (lacking(c, PATHS[path]).length === 0) return { path };
  return { path: 'unsupported', missing: lacking(c, PATHS.firefox) };
}

/** The API names {@link chooseMediaPath} looks for, as present in `scope` (a window or a worker's global). */
export function presentApis(scope: Record<string, unknown>): string[] {
  const g = scope as Record<string, unknown> & { crypto?: { subtle?: unknown }; navigator?: { mediaDevices?: { getUserMedia?: unknown } } };
  const names = ['WebSocket', 'indexedDB', 'Worker', 'AudioWorkletNode', 'VideoEncoder', 'VideoDecoder', 'AudioEncoder', 'AudioDecoder', 'VideoFrame',
    'AudioData', 'OffscreenCanvas', 'MediaStreamTrackProcessor', 'MediaStreamTrackGenerator', 'VideoTrackGenerator'];
  const present = names.filter((n) => typeof g[n] === 'function' || (g[n] !== undefined && g[n] !== null && n === 'indexedDB'));
  if (g.crypto?.subtle !== undefined) present.push('crypto.subtle');
  if (typeof g.navigator?.mediaDevices?.getUserMedia === 'function') present.push('getUserMedia');
  const video = g['HTMLVideoElement'] as { prototype?: object } | undefined;
  if (video?.prototype !== undefined && 'requestVideoFrameCallback' in video.prototype) present.push('HTMLVideoElement.requestVideoFrameCallback');
  const canvas = g['HTMLCanvasElement'] as { prototype?: object } | undefined;
  if (canvas?.prototype !== undefined && 'transferControlToOffscreen' in canvas.prototype) present.push('HTMLCanvasElement.transferControlToOffscreen');
  return present;
}

/** Reads the page's capabilities and asks a worker for its own (at most `timeoutMs`). */
export async function probeCapabilities(timeoutMs = 3000): Promise<Capabilities> {
  const window = new Set(presentApis(globalThis as unknown as Record<string, unknown>));
  let worker: Set<string> | undefined;
  if (window.has('Worker')) {
    let w: Worker | undefined;
    try {
      // Integrity-checked like every worker (src/pinned.ts): a refused probe counts as no worker.
      const verified = await verifiedScriptUrl(probeWorkerUrl).catch((e: unknown) => {
        announceRefusal(`worker probe refused: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      });
      w = new Worker(verified, { type: 'module', name: 'probe' });
      if (verified !== probeWorkerUrl) URL.revokeObjectURL(verified);
      const started = w;
      worker = await new Promise<Set<string> | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), timeoutMs);
        started.onmessage = (e: MessageEvent<string[]>) => { clearTimeout(timer); resolve(new Set(e.data)); };
        started.onerror = () => { clearTimeout(timer); resolve(undefined); };
      });
    } catch {
      worker = undefined;
    } finally {
      w?.terminate();
    }
  }
  return { secureContext: globalThis.isSecureContext === true, window, worker };
}
