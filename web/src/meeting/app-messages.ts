/**
 * Application data inside MLS application messages (docs/PROTOCOL.md "Application messages"):
 * one type byte, then the body.
 */
export const AppMessageType = {
  CHAT: 1,
  /** Retired (the invite secret was once sent to members): receivers ignore it, nobody sends it. */
  RETIRED_INVITE_SECRET: 2,
  /** Admission attestation: a 32-byte MAC, or empty (a host's approval only). */
  ATTESTATION: 3,
  /** Epoch beacon: the epoch, uint64 big-endian. */
  EPOCH_BEACON: 4,
} as const;
export const MAX_CHAT_BYTES = 16 * 1024;

export function chatMessage(text: string): Uint8Array<ArrayBuffer> {
  const utf8 = new TextEncoder().encode(text);
  if (utf8.length > MAX_CHAT_BYTES) throw new RangeError(`chat message over ${MAX_CHAT_BYTES} bytes`);
  return typed(AppMessageType.CHAT, utf8);
}

export function typed(type: number, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(body.length + 1);
  out[0] = type;
  out.set(body, 1);
  return out;
}

export function parseAppMessage(data: Uint8Array): { type: number; body: Uint8Array } | undefined {
  const type = data[0];
  return type === undefined ? undefined : { type, body: data.subarray(1) };
}

/** Types added for the meeting UI (docs/PROTOCOL.md "Application messages"). */
export const MeetingMessageType = {
  /** The sender's own media state: one flags byte (bit 0 microphone muted, bit 1 camera off). */
  MEDIA_STATE: 5,
  /** A host asks one member to mute: the target's leaf index, uint32 big-endian. */
  MUTE_REQUEST: 6,
  /** The sender records the meeting: one byte, 1 while recording, 0 when it stopped. */
  RECORDING: 7,
  /** A host locks the meeting (1) or unlocks it (0): while locked, no member admits anyone. */
  LOCK: 8,
} as const;

export interface MediaState {
  readonly muted: boolean;
  readonly cameraOff: boolean;
}

export function mediaStateMessage(s: MediaState): Uint8Array<ArrayBuffer> {
  return typed(MeetingMessageType.MEDIA_STATE, Uint8Array.of((s.muted ? 1 : 0) | (s.cameraOff ? 2 : 0)));
}

/** A media-state body: exactly one byte; unknown flag bits are ignored (later versions may add some). */
export function parseMediaState(body: Uint8Array): MediaState | undefined {
  if (body.length !== 1) return undefined;
  const f = body[0]!;
  return { muted: (f & 1) !== 0, cameraOff: (f & 2) !== 0 };
}

export function muteRequestMessage(leaf: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(4);
  new DataView(body.buffer).setUint32(0, leaf);
  return typed(MeetingMessageType.MUTE_REQUEST, body);
}

export function parseMuteRequest(body: Uint8Array): number | undefined {
  return body.length === 4 ? new DataView(body.buffer, body.byteOffset, 4).getUint32(0) : undefined;
}

export function recordingMessage(on: boolean): Uint8Array<ArrayBuffer> {
  return typed(MeetingMessageType.RECORDING, Uint8Array.of(on ? 1 : 0));
}

export function parseRecording(body: Uint8Array): boolean | undefined {
  return body.length === 1 && (body[0] === 0 || body[0] === 1) ? body[0] === 1 : undefined;
}

export function lockMessage(on: boolean): Uint8Array<ArrayBuffer> {
  return typed(MeetingMessageType.LOCK, Uint8Array.of(on ? 1 : 0));
}

/** Same encoding as the recording flag: one byte, 1 or 0. */
export const parseLock = parseRecording;
