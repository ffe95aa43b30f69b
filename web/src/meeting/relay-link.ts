/**
 * The page's side of the relay connection, which runs in a worker (`relay-worker.ts`): control
 * messages and connection states cross to the page; media frames flow between the socket and the
 * media workers through the given ports without touching the page.
 */
import type { ClientMessage } from '../protocol/control.js';
import type { ConnectionHandler } from './connection.js';
import type { FromRelayWorker, ToRelayWorker } from './relay-messages.js';
import relayWorkerUrl from './relay-worker.ts?worker&url';
import { PinnedWorker } from '../pinned.js';

/** The two ends of the media workers' channels that the relay worker takes over. */
export interface MediaPorts {
  /** Encrypted frames from the encode worker, to send. */
  readonly fromEncoder: MessagePort;
  /** Frames from the relay, to the decode worker. */
  readonly toDecoder: MessagePort;
}

export class RelayLink {
  private readonly worker: PinnedWorker;
  private stopped = false;

  constructor(private readonly url: string, private readonly ports: MediaPorts, handler: Omit<ConnectionHandler, 'media'>) {
    // Integrity-checked against the hash pinned in this (SRI-pinned) script: src/pinned.ts.
    this.worker = new PinnedWorker(relayWorkerUrl, 'relay', (e) => {
      handler.state({ kind: 'closed', code: 1006, reason: e.message });
    });
    this.worker.onmessage = (e: MessageEvent<FromRelayWorker>) => {
      const m = e.data;
      switch (m.type) {
        case 'opened':
          handler.opened(m.resuming);
          break;
        case 'control':
          handler.control(m.message);
          break;
        case 'state':
          handler.state(m.state);
          if (m.state.kind === 'closed') {
            // Closed for good: the worker has nothing left to do.
            this.stopped = true;
            this.worker.terminate();
          }
          break;
      }
    };
  }

  start(): void {
    this.post({ type: 'start', url: this.url, fromEncoder: this.ports.fromEncoder, toDecoder: this.ports.toDecoder },
      [this.ports.fromEncoder, this.ports.toDecoder]);
  }

  send(message: ClientMessage): void {
    this.post({ type: 'send', message });
  }

  /** Closes for good. */
  stop(code = 1000, reason = 'left'): void {
    if (this.stopped) return;
    this.stopped = true;
    this.post({ type: 'stop', code, reason });
  }

  /** Drops the socket and reconnects (used after a lost resume). */
  reconnectNow(): void {
    this.post({ type: 'reconnect' });
  }

  private post(m: ToRelayWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer);
  }
}
