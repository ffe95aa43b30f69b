/**
 * What a joiner sees while waiting to be let in: whether anyone who could let them in is in the
 * meeting right now (the relay's count of connected members, `GET /api/meetings/ID`). A link
 * joiner is added by any member; a joiner without the secret needs a host, and the relay cannot
 * tell hosts apart, so "nobody online" is what it can say.
 */
import { meetingDetails } from '../protocol/api.js';

/** The note for `online` connected members, or '' when someone is there. */
export function waitingNote(online: number, byApproval: boolean): string {
  if (online > 0) return '';
  return byApproval
    ? 'No host is in the meeting right now. You will be let in when a host arrives and admits you.'
    : 'Nobody is in the meeting right now. You will be let in as soon as someone arrives.';
}

/**
 * Polls the meeting's status every `everyMs` while `waiting()` says so, writing the note into
 * `note`. Stops for good once `waiting()` is false.
 */
export function watchWaitingRoom(origin: string, meetingId: string, note: HTMLElement,
  waiting: () => { byApproval: boolean } | undefined, everyMs = 3000): void {
  const tick = async (): Promise<void> => {
    const w = waiting();
    if (w === undefined) {
      note.textContent = '';
      note.hidden = true;
      return;
    }
    try {
      const d = await meetingDetails(origin, meetingId);
      const text = d === undefined ? '' : waitingNote(d.online, w.byApproval);
      note.textContent = text;
      note.hidden = text === '';
    } catch {
      // The connection state already says when the relay cannot be reached.
    }
    setTimeout(() => void tick(), everyMs);
  };
  void tick();
}
