import { describe, expect, it } from 'vitest';
import { chooseMediaPath, presentApis, type Capabilities } from './capabilities.js';

const BASE_WINDOW = ['WebSocket', 'crypto.subtle', 'indexedDB', 'Worker', 'AudioWorkletNode', 'getUserMedia', 'VideoEncoder', 'VideoDecoder', 'AudioEncoder', 'AudioDecoder', 'VideoFrame', 'AudioData', 'OffscreenCanvas'];
const BASE_WORKER = ['VideoEncoder', 'VideoDecoder', 'AudioEncoder', 'AudioDecoder', 'crypto.subtle', 'VideoFrame', 'AudioData', 'OffscreenCanvas'];
const RVFC = 'HTMLVideoElement.requestVideoFrameCallback';
const TCTO = 'HTMLCanvasElement.transferControlToOffscreen';

function caps(window: string[], worker: string[] | undefined, secureContext = true): Capabilities {
  return { secureContext, window: new Set(window), worker: worker === undefined ? undefined : new Set(worker) };
}

/** As measured: Chromium 150 (Debian), Firefox ESR 140, and Safari 26 as documented (worker MediaStreamTrackProcessor and VideoTrackGenerator since 18, WebCodecs audio since 26). */
const CHROMIUM = caps([...BASE_WINDOW, RVFC, TCTO, 'MediaStreamTrackProcessor', 'MediaStreamTrackGenerator'], BASE_WORKER);
const FIREFOX = caps([...BASE_WINDOW, RVFC, TCTO], BASE_WORKER);
const SAFARI = caps([...BASE_WINDOW, RVFC, TCTO], [...BASE_WORKER, 'MediaStreamTrackProcessor', 'VideoTrackGenerator']);

describe('chooseMediaPath', () => {
  it('takes the standard worker APIs when a worker has both', () => {
    expect(chooseMediaPath(SAFARI)).toEqual({ path: 'standard' });
    const chromiumWithStandard = caps([...CHROMIUM.window], [...BASE_WORKER, 'MediaStreamTrackProcessor', 'VideoTrackGenerator']);
    expect(chooseMediaPath(chromiumWithStandard)).toEqual({ path: 'standard' });
  });

  it('refuses Safari 18, which has the worker APIs but no WebCodecs audio, naming what it lacks', () => {
    const noAudioCodecs = (s: Iterable<string>) => [...s].filter((n) => n !== 'AudioEncoder' && n !== 'AudioDecoder');
    const safari18 = caps(noAudioCodecs(SAFARI.window), noAudioCodecs(SAFARI.worker ?? []));
    expect(chooseMediaPath(safari18)).toEqual({ path: 'unsupported', missing: ['AudioEncoder', 'AudioDecoder'] });
  });

  it("takes Chromium's window-level processor and generator otherwise", () => {
    expect(chooseMediaPath(CHROMIUM)).toEqual({ path: 'chromium' });
  });

  it('takes the video element, AudioWorklet and OffscreenCanvas path in Firefox', () => {
    expect(chooseMediaPath(FIREFOX)).toEqual({ path: 'firefox' });
  });

  it('does not take the standard path with only half of it', () => {
    expect(chooseMediaPath(caps([...FIREFOX.window], [...BASE_WORKER, 'MediaStreamTrackProcessor']))).toEqual({ path: 'firefox' });
  });

  it('honours a preferred path the browser supports, and ignores one it does not', () => {
    expect(chooseMediaPath(CHROMIUM, 'firefox')).toEqual({ path: 'firefox' });
    expect(chooseMediaPath(FIREFOX, 'chromium')).toEqual({ path: 'firefox' });
    expect(chooseMediaPath(FIREFOX, 'standard')).toEqual({ path: 'firefox' });
  });

  it('names WebCodecs when it is missing', () => {
    const noCodecs = (s: Iterable<string>) => [...s].filter((n) => !/^(Video|Audio)(En|De)coder$/.test(n));
    const choice = chooseMediaPath(caps(noCodecs(CHROMIUM.window), noCodecs(BASE_WORKER)));
    expect(choice).toEqual({ path: 'unsupported', missing: ['VideoEncoder', 'VideoDecoder', 'AudioEncoder', 'AudioDecoder'] });
  });

  it('names a missing secure context first', () => {
    const choice = chooseMediaPath(caps([...CHROMIUM.window].filter((n) => n !== 'crypto.subtle'), BASE_WORKER.filter((n) => n !== 'crypto.subtle'), false));
    expect(choice.path).toBe('unsupported');
    expect(choice.path === 'unsupported' && choice.missing).toEqual(['a secure context (https:// or http://localhost)', 'crypto.subtle']);
  });

  it('names WebCodecs removed from the page only', () => {
    const choice = chooseMediaPath(caps([...CHROMIUM.window].filter((n) => n !== 'VideoEncoder'), BASE_WORKER));
    expect(choice).toEqual({ path: 'unsupported', missing: ['VideoEncoder'] });
  });

  it('names WebCodecs missing in workers only', () => {
    const choice = chooseMediaPath(caps([...CHROMIUM.window], BASE_WORKER.filter((n) => n !== 'AudioEncoder')));
    expect(choice).toEqual({ path: 'unsupported', missing: ['AudioEncoder (in workers)'] });
  });

  it('falls back to what the page exposes when no worker answered', () => {
    expect(chooseMediaPath(caps([...FIREFOX.window], undefined))).toEqual({ path: 'firefox' });
    // Worker-only APIs cannot be assumed: without an answer the standard path is not taken.
    expect(chooseMediaPath(caps([...CHROMIUM.window], undefined))).toEqual({ path: 'chromium' });
  });

  it('names what the least demanding path lacks when none fits', () => {
    const old = caps([...BASE_WINDOW], BASE_WORKER.filter((n) => n !== 'OffscreenCanvas'));
    expect(chooseMediaPath(old)).toEqual({ path: 'unsupported', missing: [RVFC, TCTO, 'OffscreenCanvas (in workers)'] });
  });
});

describe('presentApis', () => {
  it('reads API names from a global scope', () => {
    class Video { requestVideoFrameCallback(): void {} }
    const scope = { WebSocket: function WebSocket() {}, VideoEncoder: class {}, indexedDB: {}, crypto: { subtle: {} }, HTMLVideoElement: Video, navigator: { mediaDevices: { getUserMedia: () => undefined } } };
    expect(presentApis(scope).sort()).toEqual(['HTMLVideoElement.requestVideoFrameCallback', 'VideoEncoder', 'WebSocket', 'crypto.subtle', 'getUserMedia', 'indexedDB'].sort());
  });
});
