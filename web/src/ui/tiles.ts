/**
 * The video grid: one tile for every member (this device's own included), whether or not video
 * arrives, plus one per shared screen. A tile shows the member's pictures, or their initials when
 * there are none, and what is known of their media: microphone muted and camera off (as they
 * announced it, application message type 5), "poor connection" when their camera is on but
 * pictures stopped, "reconnecting" when they have not confirmed the meeting's current state. One
 * tile can be pinned (speaker view); any tile can go full screen.
 */
import type { Picture } from '../media/controller.js';
import type { MediaState } from '../meeting/app-messages.js';
import { MediaTrack } from '../sframe/media.js';
import { h } from './dom.js';
import { initials } from './text.js';

/** A stream with no picture for this long is stale. */
export const STALE_MS = 1500;
/** A screen share without a picture this long has stopped: its tile goes. */
export const SCREEN_GONE_MS = 2500;

/** What a tile shows, as its `data-state`. */
export type TileState = 'video' | 'camera-off' | 'poor-connection' | 'reconnecting' | 'no-video';

/**
 * The state of a remote camera tile from what is known: `reconnecting` (the member has not
 * confirmed the current epoch) wins; then the member's own word that its camera is off; then
 * whether pictures arrive: pictures that stopped while the camera is (as far as known) on are a
 * poor connection; none yet is "no video".
 */
export function tileState(k: { readonly unconfirmed: boolean; readonly cameraOff: boolean | undefined; readonly everPicture: boolean; readonly fresh: boolean }): TileState {
  if (k.unconfirmed) return 'reconnecting';
  if (k.cameraOff === true) return 'camera-off';
  if (k.fresh) return 'video';
  return k.everPicture ? 'poor-connection' : 'no-video';
}

const STATE_TEXT: Record<TileState, string> = {
  'video': '',
  'camera-off': 'Camera off',
  'poor-connection': 'Poor connection',
  'reconnecting': 'Reconnecting…',
  'no-video': 'No video',
};

interface Tile {
  readonly key: string;
  readonly leaf: number;
  readonly track: number;
  readonly root: HTMLElement;
  readonly label: HTMLElement;
  readonly avatar: HTMLElement;
  readonly stateText: HTMLElement;
  readonly micIcon: HTMLElement;
  picture: Picture | undefined;
  everPicture: boolean;
  fresh: boolean;
}

export class TileGrid {
  readonly element = h('div', { class: 'grid', id: 'grid', 'data-layout': 'grid' });
  private readonly tiles = new Map<string, Tile>();
  private readonly names = new Map<number, string>();
  private readonly states = new Map<number, MediaState>();
  private unconfirmed = new Set<number>();
  private pinned: string | undefined;
  private readonly selfTile: HTMLElement;
  private readonly selfAvatar: HTMLElement;
  private readonly selfMic: HTMLElement;

  constructor(preview: HTMLVideoElement, selfName: string) {
    this.selfAvatar = h('div', { class: 'avatar', 'aria-hidden': 'true' }, initials(selfName));
    this.selfMic = h('span', { class: 'mic-off', title: 'Your microphone is muted', hidden: true }, 'muted');
    this.selfTile = h('div', { class: 'tile self', 'data-self': true, 'data-key': 'self', 'data-state': 'video' },
      preview, this.selfAvatar, h('span', { class: 'label' }, `${selfName} (you)`, this.selfMic), this.tools('self'));
    this.element.append(this.selfTile);
    this.count();
  }

  /** This device's own tile: initials instead of the preview while the camera is off. */
  setSelf(state: MediaState): void {
    this.selfTile.dataset['state'] = state.cameraOff ? 'camera-off' : 'video';
    this.selfMic.hidden = !state.muted;
    this.selfTile.toggleAttribute('data-muted', state.muted);
  }

  setSelfSpeaking(on: boolean): void {
    this.selfTile.classList.toggle('speaking', on);
  }

  /** The epoch's members: a camera tile for each other member; tiles of those gone are closed. */
  setMembers(members: readonly { readonly leaf: number; readonly name: string; readonly self: boolean }[]): void {
    this.names.clear();
    for (const m of members) if (!m.self) this.names.set(m.leaf, m.name);
    for (const [key, tile] of this.tiles) {
      if (!this.names.has(tile.leaf)) {
        // Also tells the decode worker to forget this tile's sink.
        tile.picture?.close();
        tile.root.remove();
        this.tiles.delete(key);
        if (this.pinned === key) this.pin(undefined);
      }
    }
    for (const leaf of this.names.keys()) this.tile(leaf, MediaTrack.CAMERA);
    for (const leaf of [...this.states.keys()]) if (!this.names.has(leaf)) this.states.delete(leaf);
    for (const tile of this.tiles.values()) this.refresh(tile);
    this.count();
  }

  /** A remote stream's pictures play on `picture`, in its member's tile. */
  showVideo(sender: number, track: number, picture: Picture): void {
    picture.element.dataset['leaf'] = String(sender);
    picture.element.dataset['track'] = String(track);
    const tile = this.tile(sender, track);
    tile.picture?.close();
    if (tile.picture !== undefined) tile.picture.element.replaceWith(picture.element);
    else tile.root.prepend(picture.element);
    tile.picture = picture;
    tile.everPicture = true;
    tile.fresh = true;
    this.refresh(tile);
  }

  /** Per stream (`sender/track`), ms since its last picture. */
  activity(idleMs: Record<string, number>): void {
    for (const [key, tile] of this.tiles) {
      const idle = idleMs[key];
      if (tile.track === MediaTrack.SCREEN && tile.everPicture && (idle === undefined || idle >= SCREEN_GONE_MS)) {
        // The sharer stopped: no frozen last picture. A new share makes a new tile.
        tile.picture?.close();
        tile.root.remove();
        this.tiles.delete(key);
        if (this.pinned === key) this.pin(undefined);
        this.count();
        continue;
      }
      const fresh = idle !== undefined && idle < STALE_MS;
      if (fresh === tile.fresh) continue;
      tile.fresh = fresh;
      this.refresh(tile);
    }
  }

  setMediaState(leaf: number, state: MediaState): void {
    if (!this.names.has(leaf)) return;
    this.states.set(leaf, state);
    for (const tile of this.tiles.values()) if (tile.leaf === leaf) this.refresh(tile);
  }

  setUnconfirmed(leaves: readonly number[]): void {
    this.unconfirmed = new Set(leaves);
    for (const tile of this.tiles.values()) this.refresh(tile);
  }

  setSpeaking(leaf: number, on: boolean): void {
    for (const tile of this.tiles.values()) if (tile.leaf === leaf && tile.track === MediaTrack.CAMERA) tile.root.classList.toggle('speaking', on);
  }

  /** Pins the tile `key` large (speaker view), or goes back to the grid. */
  pin(key: string | undefined): void {
    this.pinned = key;
    this.element.dataset['layout'] = key === undefined ? 'grid' : 'speaker';
    for (const el of this.element.querySelectorAll<HTMLElement>('.tile')) {
      const on = el.dataset['key'] === key;
      el.toggleAttribute('data-pinned', on);
      el.querySelector('.pin-tile')?.setAttribute('aria-pressed', String(on));
    }
    const pinnedEl = key === undefined ? undefined : this.element.querySelector(`.tile[data-key="${key}"]`);
    if (pinnedEl !== null && pinnedEl !== undefined) this.element.prepend(pinnedEl);
  }

  get pinnedKey(): string | undefined {
    return this.pinned;
  }

  private tile(leaf: number, track: number): Tile {
    const key = `${leaf}/${track}`;
    let tile = this.tiles.get(key);
    if (tile !== undefined) return tile;
    const screen = track === MediaTrack.SCREEN;
    const name = this.names.get(leaf) ?? '…';
    const label = h('span', { class: 'name' });
    const micIcon = h('span', { class: 'mic-off', title: 'Microphone muted', hidden: true }, 'muted');
    const avatar = h('div', { class: 'avatar', 'aria-hidden': 'true' }, initials(name));
    const stateText = h('span', { class: 'tile-state' });
    const root = h('div', { class: screen ? 'tile screen' : 'tile', 'data-key': key, 'data-leaf': String(leaf), 'data-track': String(track) },
      avatar, stateText, h('span', { class: 'label' }, label, micIcon), this.tools(key));
    tile = { key, leaf, track, root, label, avatar, stateText, micIcon, picture: undefined, everPicture: false, fresh: false };
    this.tiles.set(key, tile);
    this.element.append(root);
    this.refresh(tile);
    this.count();
    return tile;
  }

  /** Pin and full-screen buttons of a tile. */
  private tools(key: string): HTMLElement {
    const pin = h('button', { class: 'pin-tile', 'aria-pressed': 'false', title: 'Pin: show this tile large' }, 'Pin');
    pin.addEventListener('click', () => this.pin(this.pinned === key ? undefined : key));
    const full = h('button', { class: 'fullscreen-tile', title: 'Full screen' }, 'Full screen');
    full.addEventListener('click', () => {
      const el = key === 'self' ? this.selfTile : this.tiles.get(key)?.root;
      if (el === undefined) return;
      if (document.fullscreenElement === el) void document.exitFullscreen();
      else void el.requestFullscreen?.().catch(() => undefined);
    });
    return h('div', { class: 'tile-tools' }, pin, full);
  }

  private refresh(tile: Tile): void {
    const name = this.names.get(tile.leaf) ?? '…';
    const screen = tile.track === MediaTrack.SCREEN;
    tile.label.textContent = screen ? `${name} (screen)` : name;
    tile.avatar.textContent = initials(name);
    const media = this.states.get(tile.leaf);
    // A shared screen sends pictures only when it changes: a still one is not a poor connection.
    const state = screen
      ? (this.unconfirmed.has(tile.leaf) ? 'reconnecting' : 'video')
      : tileState({ unconfirmed: this.unconfirmed.has(tile.leaf), cameraOff: media?.cameraOff, everPicture: tile.everPicture, fresh: tile.fresh });
    if (tile.root.dataset['state'] !== state) tile.root.dataset['state'] = state;
    tile.stateText.textContent = STATE_TEXT[state];
    const muted = !screen && media?.muted === true;
    tile.micIcon.hidden = !muted;
    tile.root.toggleAttribute('data-muted', muted);
    // Kept for the stale styling and tests that read it.
    tile.root.classList.toggle('stale', state !== 'video');
  }

  /** The grid's layout depends on how many tiles it holds. */
  private count(): void {
    this.element.dataset['count'] = String(this.tiles.size + 1);
  }
}
