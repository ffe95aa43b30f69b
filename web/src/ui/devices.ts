/**
 * Devices: the in-call picker (camera, microphone, speaker) and the lobby's microphone level meter.
 * The picker only chooses; the meeting view swaps the tracks it sends.
 */
import { clear, h } from './dom.js';

export interface DeviceChoice {
  camera(deviceId: string): Promise<void>;
  microphone(deviceId: string): Promise<void>;
  speaker(deviceId: string): Promise<void>;
}

/** Whether this browser can choose where Web Audio plays (AudioContext.setSinkId, Chromium 110+). */
export function canChooseSpeaker(): boolean {
  return typeof (AudioContext.prototype as { setSinkId?: unknown }).setSinkId === 'function';
}

export class DevicesPanel {
  readonly camera = h('select', { id: 'camera-select', 'aria-label': 'Camera' });
  readonly microphone = h('select', { id: 'mic-select', 'aria-label': 'Microphone' });
  readonly speaker = h('select', { id: 'speaker-select', 'aria-label': 'Speaker' });
  readonly note = h('p', { class: 'note', id: 'devices-note' });
  readonly element: HTMLElement;

  constructor(private readonly choice: DeviceChoice, private readonly current: () => { camera: string | undefined; microphone: string | undefined }) {
    const speakerLabel = h('label', {}, 'Speaker', this.speaker);
    if (!canChooseSpeaker()) {
      this.speaker.disabled = true;
      speakerLabel.title = 'This browser plays through its default output only';
    }
    this.element = h('section', { class: 'panel-section devices', id: 'devices-panel' }, h('h2', {}, 'Devices'),
      h('div', { class: 'form' }, h('label', {}, 'Camera', this.camera), h('label', {}, 'Microphone', this.microphone), speakerLabel), this.note);
    const on = (select: HTMLSelectElement, f: (id: string) => Promise<void>, what: string): void => {
      select.addEventListener('change', () => void f(select.value).then(
        () => { this.note.textContent = ''; },
        (e: unknown) => { this.note.textContent = `The ${what} could not be switched: ${e instanceof DOMException ? e.name : String(e)}`; }));
    };
    on(this.camera, (id) => this.choice.camera(id), 'camera');
    on(this.microphone, (id) => this.choice.microphone(id), 'microphone');
    on(this.speaker, (id) => this.choice.speaker(id), 'speaker');
    navigator.mediaDevices?.addEventListener?.('devicechange', () => void this.refresh());
  }

  /** Lists the devices again (labels appear once the page has camera or microphone access). */
  async refresh(): Promise<void> {
    const all = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []) ?? [];
    const now = this.current();
    for (const [select, kind, selected] of [[this.camera, 'videoinput', now.camera], [this.microphone, 'audioinput', now.microphone], [this.speaker, 'audiooutput', undefined]] as const) {
      const keep = select.value || selected;
      clear(select);
      let n = 0;
      for (const d of all.filter((x) => x.kind === kind)) {
        n++;
        select.append(h('option', { value: d.deviceId }, d.label || `${kind === 'videoinput' ? 'Camera' : kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${n}`));
      }
      if (keep !== undefined && keep !== '' && [...select.options].some((o) => o.value === keep)) select.value = keep;
    }
  }
}

/**
 * A microphone level meter for the lobby: a bar that follows the loudness of `track`. Uses its
 * own AudioContext (an analyser only, nothing is played); {@link stop} closes it.
 */
export class LevelMeter {
  readonly element = h('div', { class: 'level-meter', id: 'mic-level', role: 'meter', 'aria-label': 'Microphone level', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' });
  private readonly bar = h('div', { class: 'level-bar' });
  private ctx: AudioContext | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The highest level seen since the meter started (0..1), for tests and a "we hear you" hint. */
  peak = 0;

  constructor() {
    this.element.append(this.bar);
  }

  attach(track: MediaStreamTrack | undefined): void {
    this.stop();
    if (track === undefined) return;
    try {
      const ctx = new AudioContext();
      this.ctx = ctx;
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      const data = new Float32Array(analyser.fftSize);
      this.timer = setInterval(() => {
        if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
        analyser.getFloatTimeDomainData(data);
        let sum = 0;
        for (const v of data) sum += v * v;
        const rms = Math.sqrt(sum / data.length);
        // About -50 dBFS to 0 dBFS across the bar.
        const level = Math.max(0, Math.min(1, (20 * Math.log10(rms + 1e-9) + 50) / 50));
        this.peak = Math.max(this.peak, level);
        this.bar.style.width = `${Math.round(level * 100)}%`;
        this.element.setAttribute('aria-valuenow', String(Math.round(level * 100)));
      }, 100);
    } catch {
      this.element.hidden = true;
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    void this.ctx?.close().catch(() => undefined);
    this.ctx = undefined;
  }
}
