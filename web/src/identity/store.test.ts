import { describe, expect, it } from 'vitest';
import { pinDecision } from './store.js';

describe('pins keyed by signature key', () => {
  it('know a key, a renamed key, a name with a new key, and a newcomer', () => {
    expect(pinDecision('Alice', 'fp1', { nameOfKey: 'Alice', keyOfName: 'fp1' })).toEqual({ status: 'verified', pinned: 'fp1' });
    expect(pinDecision('Alicia', 'fp1', { nameOfKey: 'Alice', keyOfName: undefined })).toEqual({ status: 'renamed', pinned: 'Alice' });
    expect(pinDecision('Alice', 'fp2', { nameOfKey: undefined, keyOfName: 'fp1' })).toEqual({ status: 'changed', pinned: 'fp1' });
    expect(pinDecision('Bob', 'fp3', { nameOfKey: undefined, keyOfName: undefined })).toEqual({ status: 'new', pinned: 'fp3' });
  });

  it('a known key under a name another key holds is still that key renamed', () => {
    expect(pinDecision('Bob', 'fp1', { nameOfKey: 'Alice', keyOfName: 'fp2' })).toEqual({ status: 'renamed', pinned: 'Alice' });
  });
});
