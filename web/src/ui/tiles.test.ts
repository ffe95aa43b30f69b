import { describe, expect, it } from 'vitest';
import { tileState } from './tiles.js';

describe('tile state', () => {
  const base = { unconfirmed: false, cameraOff: undefined, everPicture: false, fresh: false };
  it('tells camera off from a poor connection and from reconnecting', () => {
    expect(tileState({ ...base, fresh: true, everPicture: true })).toBe('video');
    expect(tileState({ ...base, cameraOff: true, everPicture: true })).toBe('camera-off');
    // Camera on (by the member's word) but no pictures: the connection, not the camera.
    expect(tileState({ ...base, cameraOff: false, everPicture: true })).toBe('poor-connection');
    expect(tileState({ ...base, cameraOff: false })).toBe('no-video');
    expect(tileState({ ...base, everPicture: true })).toBe('poor-connection');
    expect(tileState(base)).toBe('no-video');
    expect(tileState({ ...base, unconfirmed: true, cameraOff: true })).toBe('reconnecting');
    expect(tileState({ ...base, unconfirmed: true, fresh: true })).toBe('reconnecting');
  });
});
