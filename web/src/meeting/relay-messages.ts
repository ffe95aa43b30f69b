/** Messages between the page's {@link RelayLink} and the relay worker. */
import type { ClientMessage, ServerMessage } from '../protocol/control.js';
import type { ConnectionState } from './connection.js';

export type ToRelayWorker =
  /** `fromEncoder` carries encrypted media frames to send; `toDecoder` gets the relay's frames. */
  | { readonly type: 'start'; readonly url: string; readonly fromEncoder: MessagePort; readonly toDecoder: MessagePort }
  | { readonly type: 'send'; readonly message: ClientMessage }
  | { readonly type: 'stop'; readonly code: number; readonly reason: string }
  | { readonly type: 'reconnect' };

export type FromRelayWorker =
  | { readonly type: 'opened'; readonly resuming: boolean }
  | { readonly type: 'control'; readonly message: ServerMessage }
  | { readonly type: 'state'; readonly state: ConnectionState };
