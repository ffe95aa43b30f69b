import { describe, expect, it } from 'vitest';
import { LocalDevices } from './local-devices.js';

/** Just enough of MediaStreamTrack and MediaStream for LocalDevices (no browser in vitest). */
class FakeTrack {
  readyState: 'live' | 'ended' = 'live';
  constructor(readonly kind: 'video' | 'audio', readonly all: FakeTrack[]) {
    all.push(this);
  }
  stop(): void {
    this.readyState = 'ended';
  }
  clone(): FakeTrack {
    return new FakeTrack(this.kind, this.all);
  }
}

class FakeStream {
  readonly tracks: FakeTrack[] = [];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks.push(...tracks);
  }
  getTracks(): FakeTrack[] { return [...this.tracks]; }
  getVideoTracks(): FakeTrack[] { return this.tracks.filter((t) => t.kind === 'video'); }
  getAudioTracks(): FakeTrack[] { return this.tracks.filter((t) => t.kind === 'audio'); }
  addTrack(t: FakeTrack): void { this.tracks.push(t); }
  removeTrack(t: FakeTrack): void { this.tracks.splice(this.tracks.indexOf(t), 1); }
}

function setup(): { devices: LocalDevices; all: FakeTrack[]; asked: MediaStreamConstraints[]; stream: FakeStream } {
  const all: FakeTrack[] = [];
  const asked: MediaStreamConstraints[] = [];
  const stream = new FakeStream([new FakeTrack('video', all), new FakeTrack('audio', all)]);
  const gum = (c: MediaStreamConstraints): Promise<MediaStream> => {
    asked.push(c);
    const s = new FakeStream();
    if (c.video) s.addTrack(new FakeTrack('video', all));
    if (c.audio) s.addTrack(new FakeTrack('audio', all));
    return Promise.resolve(s as unknown as MediaStream);
  };
  return { devices: new LocalDevices(stream as unknown as MediaStream, { video: 'cam-2' }, gum), all, asked, stream };
}

const live = (all: FakeTrack[], kind: string): number => all.filter((t) => t.kind === kind && t.readyState === 'live').length;

describe('LocalDevices', () => {
  it('camera off stops the device track and every copy handed to a sender', () => {
    const { devices, all } = setup();
    const copy = devices.take('video');
    expect(copy).toBeDefined();
    expect(live(all, 'video')).toBe(2);
    devices.release('video');
    expect(live(all, 'video')).toBe(0);
    expect(devices.track('video')).toBeUndefined();
    expect(devices.take('video')).toBeUndefined();
    // The microphone is untouched.
    expect(live(all, 'audio')).toBe(1);
  });

  it('camera on asks getUserMedia again, for the chosen device, and the self view gets the track', async () => {
    const { devices, all, asked, stream } = setup();
    devices.release('video');
    const t = await devices.acquire('video');
    expect(t).toBeDefined();
    expect(asked).toHaveLength(1);
    expect((asked[0]!.video as MediaTrackConstraints).deviceId).toEqual({ exact: 'cam-2' });
    expect(stream.getVideoTracks()).toHaveLength(1);
    expect(live(all, 'video')).toBe(1);
    // Already on: no second device.
    await devices.acquire('video');
    expect(asked).toHaveLength(1);
  });

  it('an "off" while getUserMedia is pending wins: the late track is stopped at once', async () => {
    const { devices, all } = setup();
    devices.release('audio');
    const pending = devices.acquire('audio');
    devices.release('audio');
    expect(await pending).toBeUndefined();
    expect(live(all, 'audio')).toBe(0);
  });

  it('releaseAll leaves no live track', () => {
    const { devices, all } = setup();
    devices.take('audio');
    devices.take('video');
    devices.releaseAll();
    expect(all.filter((t) => t.readyState === 'live')).toHaveLength(0);
  });

  it('a refused getUserMedia surfaces as its error', async () => {
    const stream = new FakeStream();
    const devices = new LocalDevices(stream as unknown as MediaStream, {}, () => Promise.reject(new Error('NotAllowedError')));
    await expect(devices.acquire('video')).rejects.toThrow('NotAllowedError');
  });
});
