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
export async function createMeeting(origin: string, creationToken?: string): Promise<CreatedMeeting> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/meetings', origin), {
      method: 'POST',
      ...(creationToken ? { headers: { Authorization: `Bearer ${creationToken}` } } : {}),
    });
  } catch {
    throw new ServerUnreachableError('the server cannot be reached');
  }
  switch (response.status) {
    case 201:
      break;
    case 503:
      throw new ServerFullError('the server has its maximum of open meetings');
    case 429:
      throw new RateLimitedError(Math.max(1, Number(response.headers.get('Retry-After')) || 60));
    case 401:
      throw new CreationTokenError(false);
    case 403:
      throw new CreationTokenError(true);
    default:
      throw new ServerUnreachableError(`creating a meeting failed: HTTP ${response.status}`);
  }
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

/** The server has its maximum of open meetings (`503 too_many_meetings`). */
export class ServerFullError extends Error {
  override readonly name = 'ServerFullError';
}

/** This address created too many meetings lately (`429`); `retryAfterSeconds` from `Retry-After`. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many meetings created; try again in ${retryAfterSeconds} s`);
  }
}

/** The operator requires a creation token (`401`), or the one given is wrong (`403`). */
export class CreationTokenError extends Error {
  override readonly name = 'CreationTokenError';
  constructor(readonly wrong: boolean) {
    super(wrong ? 'the creation token was not accepted' : 'this server requires a creation token');
  }
}

/** What `GET /api/meetings/ID` says about an existing meeting. */
export interface MeetingDetails {
  readonly open: boolean;
  /** -1 before the group is registered. */
  readonly epoch: number;
  /** Participants holding a leaf that have not left. */
  readonly members: number;
  /** Members connected now: who could let a joiner in. */
  readonly online: number;
}

/** `GET /api/meetings/ID` in full; undefined for an unknown meeting. */
export async function meetingDetails(origin: string, meetingId: string): Promise<MeetingDetails | undefined> {
  let response: Response;
  try {
    response = await fetch(new URL(`/api/meetings/${encodeURIComponent(meetingId)}`, origin));
  } catch {
    throw new ServerUnreachableError('the server cannot be reached');
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw new ServerUnreachableError(`HTTP ${response.status}`);
  const b = (await response.json()) as Record<string, unknown>;
  const num = (k: string): number => {
    const v = b[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new ProtocolError(`${k} must be an integer`);
    return v;
  };
  if (typeof b['open'] !== 'boolean') throw new ProtocolError('open must be a boolean');
  return { open: b['open'], epoch: num('epoch'), members: num('members'), online: num('online') };
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
