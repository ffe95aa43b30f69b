import { describe, expect, it } from 'vitest';
import { ScreenShare } from './screen-share.js';
import type { MediaController } from '../media/controller.js';

class FakeTrack extends EventTarget {
  readyState: 'live' | 'ended' = 'live';
  readonly kind = 'video';
  stop(): void {
    this.readyState = 'ended';
  }
  /** What the browser does when its own "Stop sharing" is clicked. */
  endByBrowser(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

function setup(): { share: ScreenShare; button: { textContent: string; attrs: Record<string, string> }; sending: Set<string>; track: FakeTrack; warnings: string[] } {
  const sending = new Set<string>();
  const media = {
    send: (source: string) => { sending.add(source); },
    stop: (source: string) => { sending.delete(source); },
    isSending: (source: string) => sending.has(source),
  } as unknown as MediaController;
  const button = { textContent: '', attrs: {} as Record<string, string>, setAttribute(k: string, v: string) { this.attrs[k] = v; } };
  const track = new FakeTrack();
  const warnings: string[] = [];
  const stream = { getVideoTracks: () => [track], getAudioTracks: () => [] } as unknown as MediaStream;
  const share = new ScreenShare(media, button as unknown as HTMLButtonElement, (t) => warnings.push(t), () => Promise.resolve(stream));
  return { share, button, sending, track, warnings };
}

describe('ScreenShare', () => {
  it('the browser\'s own Stop button stops the source and resets the app button', async () => {
    const { share, button, sending, track } = setup();
    expect(button.textContent).toBe('Share screen');
    await share.toggle();
    expect(sending.has('screen')).toBe(true);
    expect(button.textContent).toBe('Stop sharing');
    expect(button.attrs['aria-pressed']).toBe('true');
    track.endByBrowser();
    expect(sending.has('screen')).toBe(false);
    expect(button.textContent).toBe('Share screen');
    expect(button.attrs['aria-pressed']).toBe('false');
  });

  it('the app button stops the capture too', async () => {
    const { share, sending, track } = setup();
    await share.toggle();
    await share.toggle();
    expect(sending.has('screen')).toBe(false);
    expect(track.readyState).toBe('ended');
  });

  it('a refused picker is a warning, not a share', async () => {
    const sending = new Set<string>();
    const media = { send: () => sending.add('screen'), stop: () => undefined, isSending: () => false } as unknown as MediaController;
    const button = { textContent: '', setAttribute: () => undefined };
    const warnings: string[] = [];
    const share = new ScreenShare(media, button as unknown as HTMLButtonElement, (t) => warnings.push(t),
      () => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    await share.toggle();
    expect(sending.size).toBe(0);
    expect(warnings[0]).toContain('NotAllowedError');
  });
});
