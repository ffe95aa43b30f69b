/**
 * Control messages of the relay's WebSocket (protocol module `io.conclave.protocol.control`):
 * one JSON object per text message, `{"v":1,"type":...}`; MLS messages travel as standard
 * base64 of their RFC 9420 §6 `MLSMessage` encoding. Decoding is strict: an unknown version,
 * type or field, or a field of the wrong kind is a {@link ProtocolError}.
 */
import { fromBase64, ProtocolError, toBase64 } from './base64.js';

export const CONTROL_VERSION = 1;

export type ClientMessage =
  | { readonly type: 'hello'; readonly meeting: string; readonly resume?: string }
  /** `groupInfo`: the epoch-0 GroupInfo (with `ratchet_tree`, without `external_pub`); `hostToken` from `POST /api/meetings`. */
  | { readonly type: 'register_group'; readonly groupInfo: Uint8Array; readonly hostToken: string }
  | { readonly type: 'join_request'; readonly keyPackage: Uint8Array }
  | {
      readonly type: 'commit';
      readonly epoch: bigint;
      readonly commit: Uint8Array;
      readonly welcome?: Uint8Array;
      readonly groupInfo: Uint8Array;
    }
  | { readonly type: 'proposal'; readonly proposal: Uint8Array }
  | { readonly type: 'application'; readonly message: Uint8Array }
  /** This member cannot decode the video of the member at `leaf` (uint32) on `track` (media track code). */
  | { readonly type: 'keyframe_request'; readonly leaf: number; readonly track: number }
  | { readonly type: 'bye' }
  /** A host ends the meeting for everyone (docs/PROTOCOL.md "Ending a meeting"). */
  | { readonly type: 'end_meeting'; readonly hostToken: string }
  /** A member tells a joiner (participant `to`, not a member) why it is not added. */
  | { readonly type: 'refuse_join'; readonly to: string; readonly reason: JoinRefusal };

/** Why a join request was not granted: a host said no, or the invite proof did not verify. */
export type JoinRefusal = 'denied' | 'invalid_invite';

export type ServerMessage =
  | { readonly type: 'ready'; readonly participant: string; readonly resume: string; readonly epoch: bigint; readonly leaf?: number }
  | { readonly type: 'registered' }
  | { readonly type: 'join_request'; readonly from: string; readonly keyPackage: Uint8Array }
  | { readonly type: 'commit'; readonly from: string; readonly epoch: bigint; readonly commit: Uint8Array }
  | { readonly type: 'commit_accepted'; readonly epoch: bigint }
  | { readonly type: 'commit_rejected'; readonly epoch: bigint; readonly currentEpoch: bigint; readonly reason: string }
  | { readonly type: 'welcome'; readonly epoch: bigint; readonly welcome: Uint8Array }
  | { readonly type: 'proposal'; readonly from: string; readonly epoch: bigint; readonly proposal: Uint8Array }
  | { readonly type: 'application'; readonly from: string; readonly message: Uint8Array }
  | { readonly type: 'keyframe_request'; readonly track: number }
  | { readonly type: 'join_refused'; readonly reason: JoinRefusal }
  | { readonly type: 'join_request_withdrawn'; readonly from: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** WebSocket close codes of the relay (`CloseCode`). */
export const CloseCode = {
  MALFORMED: 4400,
  BAD_RESUME: 4401,
  MEETING_FULL: 4403,
  UNKNOWN_MEETING: 4404,
  NOT_AUTHORISED: 4407,
  HELLO_TIMEOUT: 4408,
  OUT_OF_ORDER: 4409,
  MEETING_CLOSED: 4410,
  LOBBY_TIMEOUT: 4411,
  REPLACED: 4412,
  TOO_LARGE: 4413,
  RATE_LIMITED: 4429,
  SERVER_ERROR: 4500,
} as const;

export function encodeClientMessage(m: ClientMessage): string {
  const out: Record<string, unknown> = { v: CONTROL_VERSION, type: m.type };
  switch (m.type) {
    case 'hello':
      out['meeting'] = m.meeting;
      if (m.resume !== undefined) out['resume'] = m.resume;
      break;
    case 'register_group':
      out['groupInfo'] = toBase64(m.groupInfo);
      if (!ID.test(m.hostToken)) throw new RangeError('hostToken must be an id');
      out['hostToken'] = m.hostToken;
      break;
    case 'join_request':
      out['keyPackage'] = toBase64(m.keyPackage);
      break;
    case 'commit':
      // Epochs stay far below 2^53 in any real meeting; JSON numbers carry them exactly.
      out['epoch'] = Number(m.epoch);
      out['commit'] = toBase64(m.commit);
      if (m.welcome !== undefined) out['welcome'] = toBase64(m.welcome);
      // The relay reads who is added and removed from the verified commit itself.
      out['groupInfo'] = toBase64(m.groupInfo);
      break;
    case 'proposal':
      out['proposal'] = toBase64(m.proposal);
      break;
    case 'application':
      out['message'] = toBase64(m.message);
      break;
    case 'keyframe_request':
      // The relay closes the connection (4400) on an out-of-range field: refuse it here instead.
      out['leaf'] = checkedInt('leaf', m.leaf, U32_MAX);
      out['track'] = checkedInt('track', m.track, 255);
      break;
    case 'bye':
      break;
    case 'end_meeting':
      if (!ID.test(m.hostToken)) throw new RangeError('hostToken must be an id');
      out['hostToken'] = m.hostToken;
      break;
    case 'refuse_join':
      if (!ID.test(m.to)) throw new RangeError('to must be an id');
      out['to'] = m.to;
      out['reason'] = m.reason;
      break;
  }
  return JSON.stringify(out);
}

function checkedInt(name: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${name} must be an integer in 0..${max}`);
  return v;
}

/** Reads one field set, refusing any field not listed. */
class Fields {
  private readonly seen = new Set<string>(['v', 'type']);
  constructor(private readonly o: Record<string, unknown>) {}

  id(name: string): string {
    const v = this.take(name);
    if (typeof v !== 'string' || !ID.test(v)) throw new ProtocolError(`${name} must be an id`);
    return v;
  }

  text(name: string): string {
    const v = this.take(name);
    if (typeof v !== 'string' || v.length === 0) throw new ProtocolError(`${name} must be a string`);
    return v;
  }

  bytes(name: string): Uint8Array<ArrayBuffer> {
    const v = this.take(name);
    if (typeof v !== 'string' || v.length === 0) throw new ProtocolError(`${name} must be base64`);
    return fromBase64(v);
  }

  int(name: string, min: number, max: number): number {
    const v = this.take(name);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new ProtocolError(`${name} must be an integer in ${min}..${max}`);
    }
    return v;
  }

  optionalInt(name: string, min: number, max: number): number | undefined {
    return this.o[name] === undefined || this.o[name] === null ? (this.seen.add(name), undefined) : this.int(name, min, max);
  }

  done(): void {
    for (const key of Object.keys(this.o)) {
      if (!this.seen.has(key)) throw new ProtocolError(`unknown field ${key.slice(0, 32)}`);
    }
  }

  private take(name: string): unknown {
    this.seen.add(name);
    return this.o[name];
  }
}

const U32_MAX = 0xffffffff;

/** @throws ProtocolError if `json` is not a valid server message of version 1 */
export function decodeServerMessage(json: string): ServerMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ProtocolError('control message is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ProtocolError('control message is not a JSON object');
  }
  const o = parsed as Record<string, unknown>;
  if (o['v'] !== CONTROL_VERSION) throw new ProtocolError(`control message version must be ${CONTROL_VERSION}`);
  const f = new Fields(o);
  const epoch = (name: string, min = 0): bigint => BigInt(f.int(name, min, Number.MAX_SAFE_INTEGER));
  let m: ServerMessage;
  switch (o['type']) {
    case 'ready': {
      const participant = f.id('participant');
      const resume = f.id('resume');
      const e = epoch('epoch', -1);
      const leaf = f.optionalInt('leaf', 0, U32_MAX);
      m = leaf === undefined ? { type: 'ready', participant, resume, epoch: e } : { type: 'ready', participant, resume, epoch: e, leaf };
      break;
    }
    case 'registered':
      m = { type: 'registered' };
      break;
    case 'join_request':
      m = { type: 'join_request', from: f.id('from'), keyPackage: f.bytes('keyPackage') };
      break;
    case 'commit':
      m = { type: 'commit', from: f.id('from'), epoch: epoch('epoch'), commit: f.bytes('commit') };
      break;
    case 'commit_accepted':
      m = { type: 'commit_accepted', epoch: epoch('epoch') };
      break;
    case 'commit_rejected':
      m = { type: 'commit_rejected', epoch: epoch('epoch'), currentEpoch: epoch('currentEpoch', -1), reason: f.text('reason') };
      break;
    case 'welcome':
      m = { type: 'welcome', epoch: epoch('epoch'), welcome: f.bytes('welcome') };
      break;
    case 'proposal':
      m = { type: 'proposal', from: f.id('from'), epoch: epoch('epoch'), proposal: f.bytes('proposal') };
      break;
    case 'application':
      m = { type: 'application', from: f.id('from'), message: f.bytes('message') };
      break;
    case 'keyframe_request':
      m = { type: 'keyframe_request', track: f.int('track', 0, 255) };
      break;
    case 'join_refused': {
      const reason = f.text('reason');
      if (reason !== 'denied' && reason !== 'invalid_invite') throw new ProtocolError('unknown join refusal');
      m = { type: 'join_refused', reason };
      break;
    }
    case 'join_request_withdrawn':
      m = { type: 'join_request_withdrawn', from: f.id('from') };
      break;
    default:
      if (typeof o['type'] === 'string') throw new UnknownMessageType();
      throw new ProtocolError('control message without a type');
  }
  f.done();
  return m;
}

/**
 * A well-formed server message (version 1, a string `type`) of a type this client does not know:
 * one added to the protocol after it was built. Clients skip it (docs/PROTOCOL.md,
 * "Control-message envelope"); the type is not quoted, since the relay chose it.
 */
export class UnknownMessageType extends ProtocolError {
  constructor() {
    super('unknown control message type');
  }
}
