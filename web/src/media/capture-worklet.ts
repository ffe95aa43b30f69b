/**
 * AudioWorklet capture (the `firefox` media path, capabilities.ts): the microphone's first channel
 * in 20 ms blocks, posted straight to the encode worker's port, which makes AudioData of them. The
 * samples never cross the page's event loop.
 */
export {};

interface WorkletScope {
  registerProcessor(name: string, ctor: new () => unknown): void;
}
declare const AudioWorkletProcessor: { new (): { readonly port: MessagePort } };
declare const sampleRate: number;
declare const currentFrame: number;

class CaptureProcessor extends AudioWorkletProcessor {
  private encoder: MessagePort | undefined;
  private block = new Float32Array(Math.round(sampleRate / 50));
  private filled = 0;
  /** Sample index (since the context started) of the block's first sample. */
  private blockStart = 0;
  private stopped = false;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<{ port?: MessagePort; stop?: boolean }>) => {
      if (e.data.port !== undefined) this.encoder = e.data.port;
      if (e.data.stop === true) {
        this.stopped = true;
        this.encoder?.close();
        this.encoder = undefined;
      }
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) return false;
    const input = inputs[0]?.[0];
    if (input === undefined || this.encoder === undefined) return true;
    let i = 0;
    while (i < input.length) {
      if (this.filled === 0) this.blockStart = currentFrame + i;
      const take = Math.min(input.length - i, this.block.length - this.filled);
      this.block.set(input.subarray(i, i + take), this.filled);
      this.filled += take;
      i += take;
      if (this.filled === this.block.length) {
        const pcm = this.block;
        // Sized before the transfer: a transferred buffer is detached, and its view's length is 0.
        const length = pcm.length;
        this.encoder.postMessage({ pcm, sampleRate, timestamp: Math.round((this.blockStart * 1e6) / sampleRate) }, [pcm.buffer]);
        this.block = new Float32Array(length);
        this.filled = 0;
      }
    }
    return true;
  }
}

(globalThis as unknown as WorkletScope).registerProcessor('conclave-capture', CaptureProcessor);
