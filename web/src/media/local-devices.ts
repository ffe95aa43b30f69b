/**
 * This device's camera and microphone. Turning one off releases it: its MediaStreamTracks are
 * stopped (the camera LED goes out, the browser's "recording" indicator clears); turning it on
 * again asks getUserMedia for a new track. `stream` is what the self view shows: its tracks are
 * added and removed in place, so a `<video>` playing it follows.
 *
 * Copies handed to the encoder ({@link take}) are remembered and stopped with their device.
 */
export type DeviceKind = 'video' | 'audio';

export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

export class LocalDevices {
  /** Clones handed out per kind: stopped when the device is released. */
  private readonly copies: Record<DeviceKind, MediaStreamTrack[]> = { video: [], audio: [] };
  /** Bumped by each release, so that an acquisition that resolves after an "off" is dropped. */
  private readonly generation: Record<DeviceKind, number> = { video: 0, audio: 0 };

  constructor(
    readonly stream: MediaStream,
    private readonly deviceIds: { video?: string | undefined; audio?: string | undefined } = {},
    private readonly getUserMedia: GetUserMedia = (c) => navigator.mediaDevices.getUserMedia(c),
  ) {}

  /** The live track of `kind`, if the device is on. */
  track(kind: DeviceKind): MediaStreamTrack | undefined {
    return this.tracksOf(kind).find((t) => t.readyState === 'live');
  }

  /**
   * A copy of the live track of `kind` for a sender (the encoder stops what it is given): stopped
   * too when the device is released. Undefined when the device is off.
   */
  take(kind: DeviceKind): MediaStreamTrack | undefined {
    const t = this.track(kind);
    if (t === undefined) return undefined;
    const copy = t.clone();
    this.copies[kind].push(copy);
    return copy;
  }

  /** Turns the device off: every track of `kind` (and every copy handed out) is stopped and dropped. */
  release(kind: DeviceKind): void {
    this.generation[kind]++;
    for (const t of this.tracksOf(kind)) {
      t.stop();
      this.stream.removeTrack(t);
    }
    for (const t of this.copies[kind].splice(0)) t.stop();
  }

  /**
   * Turns the device on: its live track, or a new one from getUserMedia (the device chosen in the
   * lobby). Resolves undefined if the device was released again meanwhile (the new track is then
   * stopped at once).
   *
   * @throws DOMException from getUserMedia (denied, no device, device busy)
   */
  async acquire(kind: DeviceKind): Promise<MediaStreamTrack | undefined> {
    const live = this.track(kind);
    if (live !== undefined) return live;
    const generation = this.generation[kind];
    const id = this.deviceIds[kind];
    const constraints: MediaTrackConstraints = kind === 'video'
      ? { width: 640, height: 360, ...(id ? { deviceId: { exact: id } } : {}) }
      : { channelCount: 1, echoCancellation: true, noiseSuppression: true, ...(id ? { deviceId: { exact: id } } : {}) };
    const got = await this.getUserMedia({ [kind]: constraints });
    const tracks = kind === 'video' ? got.getVideoTracks() : got.getAudioTracks();
    for (const t of got.getTracks()) if (!tracks.includes(t)) t.stop();
    if (generation !== this.generation[kind]) {
      tracks.forEach((t) => t.stop());
      return undefined;
    }
    // Another acquisition may have won the race meanwhile: keep one live track per kind.
    const existing = this.track(kind);
    if (existing !== undefined) {
      tracks.forEach((t) => t.stop());
      return existing;
    }
    for (const t of tracks) this.stream.addTrack(t);
    return tracks[0];
  }

  /** Uses the device `deviceId` for `kind` from its next acquisition on (undefined: the default device). */
  choose(kind: DeviceKind, deviceId: string | undefined): void {
    this.deviceIds[kind] = deviceId;
  }

  /** Releases both devices (leaving, the meeting closed, the page going away). */
  releaseAll(): void {
    this.release('video');
    this.release('audio');
  }

  private tracksOf(kind: DeviceKind): MediaStreamTrack[] {
    return kind === 'video' ? this.stream.getVideoTracks() : this.stream.getAudioTracks();
  }
}
