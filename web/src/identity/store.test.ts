import { beforeEach, describe, expect, it, vi } from 'vitest';
import { checkPin, markVerified, pinDecision } from './store.js';

describe('pins keyed by signature key', () => {
  it('know a key, a renamed key, a name with a new key, and a newcomer', () => {
    expect(pinDecision('Alice', 'fp1', { nameOfKey: 'Alice', keyOfName: 'fp1' })).toEqual({ status: 'seen', pinned: 'fp1' });
    expect(pinDecision('Alicia', 'fp1', { nameOfKey: 'Alice', keyOfName: undefined })).toEqual({ status: 'renamed', pinned: 'Alice' });
    expect(pinDecision('Alice', 'fp2', { nameOfKey: undefined, keyOfName: 'fp1' })).toEqual({ status: 'changed', pinned: 'fp1' });
    expect(pinDecision('Bob', 'fp3', { nameOfKey: undefined, keyOfName: undefined })).toEqual({ status: 'new', pinned: 'fp3' });
  });

  it('a known key under a name another key holds is still that key renamed', () => {
    expect(pinDecision('Bob', 'fp1', { nameOfKey: 'Alice', keyOfName: 'fp2' })).toEqual({ status: 'renamed', pinned: 'Alice' });
  });

  it('is verified only when this key was marked, and a verified name under a new key says so', () => {
    expect(pinDecision('Alice', 'fp1', { nameOfKey: 'Alice', keyOfName: 'fp1', keyVerified: true })).toEqual({ status: 'verified', pinned: 'fp1' });
    expect(pinDecision('Alice', 'fp2', { nameOfKey: undefined, keyOfName: 'fp1', verifiedKeyOfName: 'fp1' }))
      .toEqual({ status: 'verified-changed', pinned: 'fp1' });
  });
});

/** Just enough of IndexedDB for the store: object stores of key → value, async requests. */
function fakeIndexedDb(): IDBFactory {
  const stores = new Map<string, Map<string, unknown>>();
  const req = <T>(f: () => T): IDBRequest<T> => {
    const r = { result: undefined as T, error: null, onsuccess: null as null | (() => void), onerror: null } as unknown as IDBRequest<T> & { result: T };
    queueMicrotask(() => {
      (r as { result: T }).result = f();
      (r.onsuccess as (() => void) | null)?.();
    });
    return r;
  };
  const db = {
    createObjectStore: (n: string) => stores.set(n, new Map()),
    transaction: (n: string) => ({
      objectStore: () => {
        const m = stores.get(n)!;
        return {
          get: (k: string) => req(() => m.get(k)),
          put: (v: unknown, k: string) => req(() => { m.set(k, v); return k; }),
          delete: (k: string) => req(() => { m.delete(k); }),
        };
      },
    }),
    close: () => undefined,
  };
  let upgraded = false;
  return {
    open: () => {
      const r = { result: db, onsuccess: null as null | (() => void), onupgradeneeded: null as null | (() => void) };
      queueMicrotask(() => {
        if (!upgraded) {
          upgraded = true;
          r.onupgradeneeded?.();
        }
        r.onsuccess?.();
      });
      return r;
    },
  } as unknown as IDBFactory;
}

describe('verification store', () => {
  beforeEach(() => {
    vi.stubGlobal('indexedDB', fakeIndexedDb());
  });

  it('never calls a key verified until it is marked, keeps the mark per key, and announces a verified key changing', async () => {
    expect((await checkPin('Alice', 'fp1')).status).toBe('new');
    expect((await checkPin('Alice', 'fp1')).status).toBe('seen');
    await markVerified('Alice', 'fp1', true);
    expect((await checkPin('Alice', 'fp1')).status).toBe('verified');
    // The same name with another key: the verified one changed.
    expect(await checkPin('Alice', 'fp2')).toEqual({ status: 'verified-changed', pinned: 'fp1' });
    // The mark is the key's: the first key stays verified.
    expect((await checkPin('Alice', 'fp1')).status).toBe('verified');
    // Another name on the verified key is a rename, not verified.
    expect((await checkPin('Mallory', 'fp1')).status).toBe('renamed');
    // Taking the mark back.
    await markVerified('Alice', 'fp1', false);
    expect((await checkPin('Alice', 'fp1')).status).toBe('seen');
    expect((await checkPin('Alice', 'fp2')).status).toBe('changed');
  });

  it('verifying a new key for a name makes that key the verified one', async () => {
    await checkPin('Bob', 'b1');
    await markVerified('Bob', 'b1', true);
    expect((await checkPin('Bob', 'b2')).status).toBe('verified-changed');
    await markVerified('Bob', 'b2', true);
    expect((await checkPin('Bob', 'b2')).status).toBe('verified');
    // Marks belong to keys: Bob's first key (another device) stays verified.
    expect(await checkPin('Bob', 'b1')).toEqual({ status: 'verified', pinned: 'b1' });
  });
});
