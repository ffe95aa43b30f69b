/** The relay's HTTP API (server `HttpApiHandler`): what a meeting's creator needs. */
import { fromBase64, ProtocolError } from './base64.js';

export interface CreatedMeeting {
  readonly meetingId: string;
  readonly hostToken: string;
  /** MLS cipher suite of the server's external-sender key. */
  readonly cipherSuite: number;
  /** TLS-encoded `ExternalSender` (RFC 9420 §12.1.8.1). */
  readonly externalSender: Uint8Array<ArrayBuffer>;
}

/** The relay could not be reached or answered with an error. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
}

/** `POST /api/meetings` on `origin`. */
export async function createMeeting(origin: string): Promise<CreatedMeeting> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/meetings', origin), { method: 'POST' });
  } catch {
    throw new ServerUnreachableError('the server cannot be reached');
  }
  if (response.status !== 201) throw new ServerUnreachableError(`creating a meeting failed: HTTP ${response.status}`);
  const body = (await response.json()) as Record<string, unknown>;
  const sender = body['externalSender'] as Record<string, unknown> | undefined;
  if (typeof body['meetingId'] !== 'string' || typeof body['hostToken'] !== 'string' || sender === undefined) {
    throw new ProtocolError('malformed meeting creation response');
  }
  return {
    meetingId: body['meetingId'],
    hostToken: body['hostToken'],
    cipherSuite: Number(sender['cipherSuite']),
    externalSender: fromBase64(String(sender['externalSender'])),
  };
}

/** `GET /api/meetings/ID`: whether the meeting exists and is open. */
export async function meetingStatus(origin: string, meetingId: string): Promise<'open' | 'closed' | 'unknown'> {
  let response: Response;
  try {
    response = await fetch(new URL(`/api/meetings/${encodeURIComponent(meetingId)}`, origin));
  } catch {
    throw new ServerUnreachableError('the server cannot be reached');
  }
  if (response.status === 404) return 'unknown';
  if (!response.ok) throw new ServerUnreachableError(`HTTP ${response.status}`);
  const body = (await response.json()) as Record<string, unknown>;
  return body['open'] === true ? 'open' : 'closed';
}
