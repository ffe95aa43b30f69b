import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FromRelayWorker, ToRelayWorker } from './relay-messages.js';

/** Just enough of a browser WebSocket for RelayConnection, driven by the test. */
class FakeSocket {
  static last: FakeSocket | undefined;
  static readonly OPEN = 1;
  readyState = 0;
  bufferedAmount = 0;
  binaryType = 'blob';
  readonly sent: (string | ArrayBuffer)[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string | ArrayBuffer }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.last = this;
  }

  send(data: string | ArrayBuffer): void {
    this.sent.push(data);
  }

  close(code: number, reason: string): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}


afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('relay worker', () => {
  it('sends the encoder\'s frames, gives received frames to the decoder, control to the page', async () => {
    const toPage: FromRelayWorker[] = [];
    const scope: { onmessage: ((e: { data: ToRelayWorker }) => void) | null; postMessage(m: FromRelayWorker): void } = {
      onmessage: null,
      postMessage: (m) => toPage.push(m),
    };
    vi.stubGlobal('self', scope);
    vi.stubGlobal('WebSocket', FakeSocket);
    await import('./relay-worker.js');

    const encoder = new MessageChannel();
    const decoder = new MessageChannel();
    const decoded: { type: string; data: ArrayBuffer; at: number }[] = [];
    decoder.port2.onmessage = (e: MessageEvent<{ type: string; data: ArrayBuffer; at: number }>) => decoded.push(e.data);
    scope.onmessage!({ data: { type: 'start', url: 'ws://relay/ws', fromEncoder: encoder.port2, toDecoder: decoder.port1 } });
    const ws = FakeSocket.last!;
    // Count the encoder frames the worker has handled: port delivery takes an unknown number of tasks.
    let handled = 0;
    const workerHandler = encoder.port2.onmessage!;
    encoder.port2.onmessage = (e) => {
      workerHandler.call(encoder.port2, e);
      handled++;
    };
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 2));
      expect(done()).toBe(true);
    };
    expect(ws.url).toBe('ws://relay/ws');
    expect(ws.binaryType).toBe('arraybuffer');

    ws.readyState = FakeSocket.OPEN;
    ws.onopen!();
    expect(toPage).toContainEqual({ type: 'opened', resuming: false });

    scope.onmessage!({ data: { type: 'send', message: { type: 'hello', meeting: 'm1' } } });
    expect(JSON.parse(ws.sent[0] as string)).toEqual({ v: 1, type: 'hello', meeting: 'm1' });

    ws.onmessage!({ data: '{"v":1,"type":"keyframe_request","track":1}' });
    expect(toPage).toContainEqual({ type: 'control', message: { type: 'keyframe_request', track: 1 } });

    // No media before the relay's ready on this socket (it would close it with 4409).
    encoder.port1.postMessage(new Uint8Array([7]).buffer);
    await until(() => handled === 1);
    expect(ws.sent).toHaveLength(1);
    ws.onmessage!({ data: '{"v":1,"type":"ready","participant":"p","resume":"r","epoch":-1}' });

    const before = performance.timeOrigin + performance.now();
    ws.onmessage!({ data: new Uint8Array([1, 2, 3]).buffer });
    encoder.port1.postMessage(new Uint8Array([9, 8]).buffer);
    await until(() => handled === 2 && decoded.length > 0);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]!.type).toBe('frame');
    expect([...new Uint8Array(decoded[0]!.data)]).toEqual([1, 2, 3]);
    expect(decoded[0]!.at).toBeGreaterThanOrEqual(before);
    expect(ws.sent).toHaveLength(2);
    expect([...new Uint8Array(ws.sent[1] as ArrayBuffer)]).toEqual([9, 8]);

    scope.onmessage!({ data: { type: 'stop', code: 1000, reason: 'left' } });
    expect(toPage.at(-1)).toEqual({ type: 'state', state: { kind: 'closed', code: 1000, reason: 'left' } });
    encoder.port1.close();
    decoder.port2.close();
  });
});
