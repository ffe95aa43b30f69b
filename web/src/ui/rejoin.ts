/**
 * Coming back to a meeting from the same tab (F5, or Leave → Join again), and noticing a second
 * tab. The tab keeps its seat's resume token in sessionStorage; a reload gives that seat up
 * (`hello` with the token, then `bye`) before entering again, so the relay does not wait out the
 * reconnect grace. The creator's tab then either starts the meeting's group again (nobody is left
 * in it who could add anyone) or joins with the invite link like everyone else.
 */
import { meetingDetails, type MeetingDetails } from '../protocol/api.js';
import { encodeClientMessage } from '../protocol/control.js';

const SEAT = 'conclave-seat-';

/** Remembers this tab's seat in `meetingId` (called with every `ready`). */
export function rememberSeat(meetingId: string, resumeToken: string): void {
  try {
    sessionStorage.setItem(SEAT + meetingId, resumeToken);
  } catch {
    // Storage full or disabled: a reload then waits out the grace period instead.
  }
}

/**
 * Holds this meeting's Web Lock for as long as the page lives: resolves false at once if another
 * tab of this browser holds it (the meeting is open there), after waiting briefly for a page being
 * reloaded to let go.
 */
export async function claimTab(meetingId: string, waitMs = 1500): Promise<boolean> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks === undefined) return true;
  return new Promise<boolean>((resolve) => {
    locks.request(`conclave-meeting-${meetingId}`, { signal: AbortSignal.timeout(waitMs) }, () => {
      resolve(true);
      // Held until the page goes.
      return new Promise<void>(() => undefined);
    }).catch(() => resolve(false));
  });
}

/**
 * Gives up the seat this tab held before a reload (if any): the relay then forgets it at once
 * (and proposes removing its leaf). Resolves when the relay has it, or after `timeoutMs`.
 */
export async function retireSeat(origin: string, meetingId: string, timeoutMs = 3000): Promise<void> {
  const token = sessionStorage.getItem(SEAT + meetingId);
  if (token === null) return;
  sessionStorage.removeItem(SEAT + meetingId);
  const url = new URL('/ws', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    let ws: WebSocket;
    function done(): void {
      clearTimeout(timer);
      try {
        ws.close(1000, 'retired');
      } catch {
        // Never opened.
      }
      resolve();
    }
    try {
      ws = new WebSocket(url);
    } catch {
      done();
      return;
    }
    ws.onopen = () => ws.send(encodeClientMessage({ type: 'hello', meeting: meetingId, resume: token }));
    ws.onmessage = (e: MessageEvent<unknown>) => {
      if (typeof e.data !== 'string') return;
      // The seat is ours again: leave with it for good.
      if (e.data.includes('"ready"')) {
        ws.send(encodeClientMessage({ type: 'bye' }));
        // The relay has the bye once it has read it; a status request right after sees it.
        setTimeout(done, 100);
      }
    };
    ws.onclose = () => done();
    ws.onerror = () => done();
  });
}

/**
 * Whether the creator's tab must start the group (again) rather than join: the group was never
 * registered, or every member left. Undefined if the relay cannot say.
 */
export async function creatorStarts(origin: string, meetingId: string): Promise<{ start: boolean; details: MeetingDetails } | undefined> {
  try {
    const details = await meetingDetails(origin, meetingId);
    if (details === undefined) return undefined;
    return { start: details.epoch < 0 || details.members === 0, details };
  } catch {
    return undefined;
  }
}
