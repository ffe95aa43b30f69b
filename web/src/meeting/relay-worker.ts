/**
 * Relay worker: owns the {@link RelayConnection} (the WebSocket to the relay), so media frames
 * never pass through the page's event loop, which also runs MLS, the DOM and drawing. Encrypted
 * frames come straight from the encode worker's port and go out on the socket; frames from the
 * relay go straight to the decode worker's port. Control messages and connection states go to the
 * page ({@link RelayLink}).
 */
import { RelayConnection } from './connection.js';
import { wallClock } from '../media/messages.js';
import type { FromRelayWorker, ToRelayWorker } from './relay-messages.js';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ToRelayWorker>) => void) | null; postMessage(m: FromRelayWorker): void };
let connection: RelayConnection | undefined;
let decoder: MessagePort | undefined;
/**
 * Whether the relay accepts media on the current socket: only after its `ready` (docs/PROTOCOL.md;
 * earlier media closes the socket with 4409, which would make a reconnecting client loop).
 */
let ready = false;

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'start':
      decoder = m.toDecoder;
      m.fromEncoder.onmessage = (f: MessageEvent<ArrayBuffer>) => {
        if (ready) connection?.sendMedia(f.data);
      };
      connection = new RelayConnection(m.url, {
        opened: (resuming) => scope.postMessage({ type: 'opened', resuming }),
        control: (message) => {
          if (message.type === 'ready') ready = true;
          scope.postMessage({ type: 'control', message });
        },
        media: (frame) => {
          const data = frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength ? frame.buffer : frame.slice().buffer;
          decoder?.postMessage({ type: 'frame', data, at: wallClock() }, [data]);
        },
        state: (state) => {
          // Every state change is a new socket or none: wait for its ready.
          ready = false;
          scope.postMessage({ type: 'state', state });
        },
      });
      connection.start();
      break;
    case 'send':
      connection?.send(m.message);
      break;
    case 'stop':
      connection?.stop(m.code, m.reason);
      break;
    case 'reconnect':
      connection?.reconnectNow();
      break;
  }
};
