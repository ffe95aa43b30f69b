/**
 * What the lobby starts before the join click, so that joining waits only for MLS and the first
 * keyframe: the media workers, the relay worker with its socket (which says `hello` and takes a
 * seat, docs/PROTOCOL.md), and audio playback (suspended until the click). A person spends seconds
 * in the lobby; on a loaded machine these take about half a second.
 *
 * The seat is not a membership: the relay forwards nothing to it and members see nobody until the
 * join request. Leaving the lobby closes the socket; the seat is released after the reconnect grace.
 */
import { MediaController } from '../media/controller.js';
import type { MediaPath } from '../media/capabilities.js';
import { MeetingSession, type SessionListener, type SessionStatus } from '../meeting/session.js';

/** Events before the meeting view exists: only the latest status is kept, for the view to show. */
class LobbyListener implements SessionListener {
  last: SessionStatus | undefined;

  constructor(private readonly onStatus: (s: SessionStatus) => void) {}

  status(s: SessionStatus): void {
    this.last = s;
    this.onStatus(s);
  }
  keys(): void {}
  epoch(): void {}
  chat(): void {}
  joinRequest(): void {}
  joinRequestGone(): void {}
  warning(text: string): void {
    console.warn(text);
  }
  notice(text: string): void {
    console.info(text);
  }
  unconfirmed(): void {}
  keyframeRequest(): void {}
}

export class Prejoin {
  readonly media: MediaController;
  readonly session: MeetingSession;
  private readonly lobby: LobbyListener;

  constructor(relay: string, meetingId: string, inviteSecret: Uint8Array | undefined, create: { readonly externalSender: Uint8Array; readonly hostToken: string } | undefined,
    onStatus: (s: SessionStatus) => void, mediaPath: MediaPath,
    extra: { readonly hostToken?: string; readonly onSeat?: (resumeToken: string) => void } = {}) {
    this.media = new MediaController(undefined, mediaPath);
    this.lobby = new LobbyListener(onStatus);
    this.session = new MeetingSession({
      origin: relay,
      meetingId,
      inviteSecret,
      mediaPorts: this.media.relayPorts,
      ...(create === undefined ? {} : { create }),
      ...(extra.hostToken === undefined ? {} : { hostToken: extra.hostToken }),
      ...(extra.onSeat === undefined ? {} : { onSeat: extra.onSeat }),
    }, this.lobby);
    this.session.connect();
    this.media.prepareAudio().catch(() => undefined);
  }

  /** The last connection status seen in the lobby (e.g. the meeting was closed meanwhile). */
  get lastStatus(): SessionStatus | undefined {
    return this.lobby.last;
  }
}
