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
