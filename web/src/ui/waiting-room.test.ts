import { describe, expect, it } from 'vitest';
import { waitingNote } from './waiting-room.js';

describe('waitingNote', () => {
  it('says nothing while someone who could let the joiner in is connected', () => {
    expect(waitingNote(1, true)).toBe('');
    expect(waitingNote(3, false)).toBe('');
  });
  it('tells a joiner without the secret that no host is there', () => {
    expect(waitingNote(0, true)).toMatch(/No host is in the meeting/);
  });
  it('tells a link joiner that nobody is there', () => {
    expect(waitingNote(0, false)).toMatch(/Nobody is in the meeting/);
  });
});
