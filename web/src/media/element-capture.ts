/**
 * Capture without MediaStreamTrackProcessor (the `firefox` media path, capabilities.ts):
 *
 * - video: the track plays in a (hidden) `<video>`; on each new picture (requestVideoFrameCallback)
 *   a `new VideoFrame(video)` goes to the encode worker through a MessagePort. Making the frame is
 *   the only per-frame work on the page's main thread, and no pixels are copied there.
 * - audio: the track feeds an AudioWorklet (capture-worklet.ts) that posts 20 ms blocks of samples
 *   to the encode worker directly.
 *
 * The encode worker turns what arrives on the port into the same ReadableStream of VideoFrame or
 * AudioData that MediaStreamTrackProcessor would give it; encoding and encryption are shared.
 */
import captureWorkletUrl from './capture-worklet.ts?worker&url';
import { announceRefusal, verifiedScriptUrl } from '../pinned.js';

export interface Capture {
  stop(): void;
}

interface FrameMetadata {
  readonly mediaTime: number;
  readonly presentedFrames?: number;
}
type VideoWithCallback = HTMLVideoElement & {
  requestVideoFrameCallback(cb: (now: number, meta: FrameMetadata) => void): number;
  cancelVideoFrameCallback(handle: number): void;
};

/** Posts a VideoFrame of each new picture of `track` to `port`. */
export function captureVideo(track: MediaStreamTrack, port: MessagePort): Capture {
  const video = document.createElement('video') as VideoWithCallback;
  video.muted = true;
  video.playsInline = true;
  video.setAttribute('aria-hidden', 'true');
  video.dataset['capture'] = track.kind;
  // Rendered (a display:none video gets no frame callbacks in some browsers) but not visible.
  Object.assign(video.style, { position: 'fixed', left: '0', top: '0', width: '2px', height: '2px', opacity: '0', pointerEvents: 'none' });
  document.body.append(video);
  video.srcObject = new MediaStream([track]);
  let stopped = false;
  let handle = 0;
  let lastMediaTime = -1;
  let lastPresented = -1;
  let lastTimestamp = -1;
  const onFrame = (now: number, meta: FrameMetadata): void => {
    if (stopped) return;
    handle = video.requestVideoFrameCallback(onFrame);
    // A new picture: by its presentation count where the browser gives one. Firefox's tab capture
    // gives every picture mediaTime 0, so mediaTime alone let only its first picture through.
    const presented = meta.presentedFrames ?? -1;
    if ((presented >= 0 ? presented === lastPresented : meta.mediaTime === lastMediaTime) || video.videoWidth === 0) return;
    lastPresented = presented;
    lastMediaTime = meta.mediaTime;
    // Timestamps must increase: the picture's media time, or else the callback's time.
    let timestamp = Math.round(meta.mediaTime * 1e6);
    if (timestamp <= lastTimestamp) timestamp = Math.max(lastTimestamp + 1, Math.round(now * 1000));
    lastTimestamp = timestamp;
    let frame: VideoFrame;
    try {
      frame = new VideoFrame(video, { timestamp });
    } catch {
      return;
    }
    try {
      port.postMessage(frame, [frame as unknown as Transferable]);
    } catch {
      // VideoFrame not transferable here: it is cloned, and this copy closed.
      port.postMessage(frame);
      frame.close();
    }
  };
  handle = video.requestVideoFrameCallback(onFrame);
  void video.play().catch(() => undefined);
  return {
    stop: () => {
      stopped = true;
      video.cancelVideoFrameCallback(handle);
      video.srcObject = null;
      video.remove();
      port.postMessage('end');
      port.close();
    },
  };
}

/** Posts 20 ms blocks of `track`'s first channel, with their sample rate and timestamp, to `port`. */
export function captureAudio(track: MediaStreamTrack, port: MessagePort): Capture {
  const ctx = new AudioContext({ latencyHint: 'interactive' });
  let node: AudioWorkletNode | undefined;
  let stopped = false;
  void (async () => {
    // Integrity-checked like every worklet (src/pinned.ts).
    const verified = await verifiedScriptUrl(captureWorkletUrl).catch((e: unknown) => {
      announceRefusal(`worklet capture refused: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    });
    try {
      await ctx.audioWorklet.addModule(verified);
    } finally {
      if (verified !== captureWorkletUrl) URL.revokeObjectURL(verified);
    }
    if (stopped) return;
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    node = new AudioWorkletNode(ctx, 'conclave-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
    node.port.postMessage({ port }, [port]);
    source.connect(node);
    await ctx.resume();
  })().catch((e: unknown) => console.warn('microphone capture', e));
  return {
    stop: () => {
      stopped = true;
      node?.port.postMessage({ stop: true });
      void ctx.close().catch(() => undefined);
    },
  };
}
