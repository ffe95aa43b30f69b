/**
 * AudioWorklet playback: one queue of decoded 48 kHz mono samples per sender, mixed into the
 * output. Each queue starts playing once it holds the target delay (the audio jitter buffer) and
 * is trimmed when it grows past the maximum, so delay stays bounded. Levels per sender go back to
 * the page for the speaking indicator.
 */
interface WorkletScope {
  registerProcessor(name: string, ctor: new () => unknown): void;
}
declare const AudioWorkletProcessor: { new (): { readonly port: MessagePort } };
declare const sampleRate: number;

const TARGET_MS = 60;
const MAX_MS = 200;

interface Queue {
  chunks: Float32Array[];
  offset: number;
  length: number;
  playing: boolean;
  energy: number;
  samples: number;
  peak: number;
}

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly queues = new Map<number, Queue>();
  private decoderPort: MessagePort | undefined;
  private sinceReport = 0;
  /** The mix of one render quantum, reused: this runs on the real-time audio thread. */
  private mix = new Float32Array(128);

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<{ port: MessagePort }>) => {
      this.decoderPort = e.data.port;
      this.decoderPort.onmessage = (m: MessageEvent<{ sender: number; pcm: Float32Array }>) => this.push(m.data.sender, m.data.pcm);
    };
  }

  private push(sender: number, pcm: Float32Array): void {
    let q = this.queues.get(sender);
    if (q === undefined) {
      q = { chunks: [], offset: 0, length: 0, playing: false, energy: 0, samples: 0, peak: 0 };
      this.queues.set(sender, q);
    }
    q.chunks.push(pcm);
    q.length += pcm.length;
    const max = (MAX_MS * sampleRate) / 1000;
    while (q.length > max && q.chunks.length > 1) {
      const dropped = q.chunks.shift()!;
      q.length -= dropped.length - q.offset;
      q.offset = 0;
    }
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0]!;
    const n = out[0]!.length;
    if (this.mix.length !== n) this.mix = new Float32Array(n);
    const mix = this.mix;
    mix.fill(0);
    const target = (TARGET_MS * sampleRate) / 1000;
    for (const q of this.queues.values()) {
      if (!q.playing) {
        if (q.length < target) continue;
        q.playing = true;
      }
      let i = 0;
      while (i < n && q.chunks.length > 0) {
        const c = q.chunks[0]!;
        const take = Math.min(n - i, c.length - q.offset);
        for (let k = 0; k < take; k++) {
          const v = c[q.offset + k]!;
          mix[i + k] = mix[i + k]! + v;
          q.energy += v * v;
          q.peak = Math.max(q.peak, Math.abs(v));
        }
        q.samples += take;
        i += take;
        q.offset += take;
        q.length -= take;
        if (q.offset >= c.length) {
          q.chunks.shift();
          q.offset = 0;
        }
      }
      // Ran dry: buffer up to the target delay again before resuming.
      if (q.chunks.length === 0) q.playing = false;
    }
    for (const channel of out) channel.set(mix);
    this.sinceReport += n;
    if (this.sinceReport >= sampleRate / 10) {
      this.sinceReport = 0;
      const levels: Record<number, { rms: number; peak: number }> = {};
      for (const [sender, q] of this.queues) {
        levels[sender] = { rms: q.samples > 0 ? Math.sqrt(q.energy / q.samples) : 0, peak: q.peak };
        q.energy = 0;
        q.samples = 0;
        q.peak = 0;
      }
      this.port.postMessage(levels);
    }
    return true;
  }
}

(globalThis as unknown as WorkletScope).registerProcessor('conclave-playback', PlaybackProcessor);
