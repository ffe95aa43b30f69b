import { describe, expect, it } from 'vitest';

/** The worklet's globals (AudioWorkletGlobalScope), stood in for. */
type Processor = { port: { onmessage: ((e: { data: unknown }) => void) | null }; process(inputs: Float32Array[][]): boolean };
const g = globalThis as Record<string, unknown>;
let registered: (new () => Processor) | undefined;
g['sampleRate'] = 48000;
g['currentFrame'] = 0;
g['AudioWorkletProcessor'] = class { readonly port = { onmessage: null, postMessage: () => undefined }; };
g['registerProcessor'] = (_name: string, ctor: new () => Processor) => { registered = ctor; };
await import('./capture-worklet.js');

describe('capture worklet', () => {
  it('posts every block whole, 20 ms each, across render quanta and after transferring the previous one', () => {
    const p = new registered!();
    const blocks: { pcm: Float32Array; timestamp: number }[] = [];
    const encoder = { postMessage: (m: { pcm: Float32Array; timestamp: number }, transfer: ArrayBuffer[]) => {
      // An empty block would also never end process()'s loop: fail instead of hanging.
      if (m.pcm.length === 0) throw new Error('an empty block');
      blocks.push({ pcm: m.pcm.slice(), timestamp: m.timestamp }); structuredClone(transfer[0], { transfer }); } };
    p.port.onmessage!({ data: { port: encoder } });
    for (let q = 0; q < 40; q++) {
      g['currentFrame'] = q * 128;
      const input = new Float32Array(128).map((_, i) => (q * 128 + i) / 1e5);
      expect(p.process([[input]])).toBe(true);
    }
    // 40 quanta of 128 samples = 5,120 samples: five whole blocks of 960 (20 ms at 48 kHz).
    expect(blocks.map((b) => b.pcm.length)).toEqual([960, 960, 960, 960, 960]);
    expect(blocks.map((b) => b.timestamp)).toEqual([0, 20_000, 40_000, 60_000, 80_000]);
    expect(blocks[1]!.pcm[0]).toBeCloseTo(960 / 1e5);
  });
});
