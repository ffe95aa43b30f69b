/**
 * The "Share screen" button, kept in step with the capture: the browser's own "Stop sharing"
 * ends the track, which stops the encoder's source and resets the button, as the app's button does.
 */
import type { MediaController } from '../media/controller.js';

export class ScreenShare {
  private track: MediaStreamTrack | undefined;

  constructor(
    private readonly media: MediaController,
    readonly button: HTMLButtonElement,
    private readonly warn: (text: string) => void,
    private readonly getDisplayMedia: (o: DisplayMediaStreamOptions) => Promise<MediaStream> = (o) => navigator.mediaDevices.getDisplayMedia(o),
  ) {
    this.show();
  }

  get sharing(): boolean {
    return this.track !== undefined && this.track.readyState === 'live';
  }

  /** Starts sharing, or stops it if sharing. */
  async toggle(): Promise<void> {
    if (this.sharing) {
      this.stop();
      return;
    }
    let track: MediaStreamTrack | undefined;
    try {
      const s = await this.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
      track = s.getVideoTracks()[0];
      s.getAudioTracks().forEach((t) => t.stop());
    } catch (e) {
      this.warn(`Screen sharing is not available: ${e instanceof DOMException ? e.name : String(e)}`);
      return;
    }
    if (track === undefined) return;
    this.track = track;
    // The browser's own "Stop sharing" button, or the shared window closing.
    track.addEventListener('ended', () => {
      if (this.track === track) this.stop();
    });
    this.media.send('screen', track);
    this.show();
  }

  stop(): void {
    const t = this.track;
    this.track = undefined;
    if (this.media.isSending('screen')) this.media.stop('screen');
    t?.stop();
    this.show();
  }

  private show(): void {
    const on = this.sharing;
    this.button.textContent = on ? 'Stop sharing' : 'Share screen';
    this.button.setAttribute('aria-pressed', String(on));
  }
}
