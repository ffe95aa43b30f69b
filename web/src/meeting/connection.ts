/**
 * The WebSocket to the relay (`/ws`): text frames are control messages, binary frames media
 * frames. It reconnects with exponential backoff and resumes the participant with its token;
 * close codes that mean "stop" (meeting closed, unknown, full, replaced) end it for good.
 */
import { CloseCode, decodeServerMessage, encodeClientMessage, UnknownMessageType, type ClientMessage, type ServerMessage } from '../protocol/control.js';

export type ConnectionState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'unreachable'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string };

export interface ConnectionHandler {
  /** The socket is open: send `hello` (with the resume token if resuming). */
  opened(resuming: boolean): void;
  control(message: ServerMessage): void;
  media(frame: Uint8Array<ArrayBuffer>): void;
  state(state: ConnectionState): void;
}

const TERMINAL: ReadonlySet<number> = new Set([
  CloseCode.MEETING_CLOSED,
  CloseCode.UNKNOWN_MEETING,
  CloseCode.MEETING_FULL,
  CloseCode.REPLACED,
  CloseCode.BAD_RESUME,
  CloseCode.MALFORMED,
  CloseCode.OUT_OF_ORDER,
  CloseCode.NOT_AUTHORISED,
  CloseCode.LOBBY_TIMEOUT,
]);
const BASE_DELAY_MS = 250;
/** Short, so that everyone is back within seconds of a relay restart (docs/PROTOCOL.md "Reconnecting"). */
const MAX_DELAY_MS = 2_000;

/** Backoff before reconnect attempt `attempt` (1-based): 0.25 s doubling to 2 s, ±20 % jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class RelayConnection {
  private socket: WebSocket | undefined;
  private everOpened = false;
  private attempt = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly url: string, private readonly handler: ConnectionHandler) {}

  start(): void {
    this.handler.state({ kind: 'connecting' });
    this.connect();
  }

  send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(encodeClientMessage(message));
  }

  sendMedia(frame: ArrayBuffer | Uint8Array<ArrayBuffer>): boolean {
    const s = this.socket;
    // Frames are not queued behind a congested socket: late media is useless.
    if (s?.readyState !== WebSocket.OPEN || s.bufferedAmount > 2_000_000) return false;
    s.send(frame);
    return true;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Closes for good. */
  stop(code = 1000, reason = 'left'): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.socket?.close(code, reason);
  }

  /** Drops the socket and reconnects (used after a lost resume). */
  reconnectNow(): void {
    this.socket?.close(1000, 'reconnect');
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    ws.onopen = () => {
      const resuming = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.handler.state({ kind: 'open' });
      this.handler.opened(resuming);
    };
    ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
      if (typeof e.data === 'string') {
        let m: ServerMessage;
        try {
          m = decodeServerMessage(e.data);
        } catch (err) {
          // A type added after this client was built is skipped quietly; anything else malformed is
          // dropped with a warning (the relay is not trusted; closing would only reconnect to it).
          if (err instanceof UnknownMessageType) console.debug('skipped a control message of an unknown type');
          else console.warn('dropped a malformed control message', err);
          return;
        }
        this.handler.control(m);
      } else {
        this.handler.media(new Uint8Array(e.data));
      }
    };
    ws.onclose = (e) => {
      if (this.socket !== ws) return;
      if (this.stopped || TERMINAL.has(e.code)) {
        this.stopped = true;
        this.handler.state({ kind: 'closed', code: e.code, reason: e.reason });
        return;
      }
      this.attempt++;
      const delayMs = backoffDelay(this.attempt);
      this.handler.state(this.everOpened ? { kind: 'reconnecting', attempt: this.attempt, delayMs } : { kind: 'unreachable', attempt: this.attempt, delayMs });
      this.timer = setTimeout(() => this.connect(), delayMs);
    };
  }
}
