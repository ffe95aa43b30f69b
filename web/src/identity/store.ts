/**
 * This device's MLS signature key and the keys it has pinned for others, in IndexedDB.
 *
 * ts-mls signs with raw Ed25519 key bytes, so the signing key cannot itself be a non-extractable
 * CryptoKey. It is stored wrapped (AES-256-GCM) under a non-extractable WebCrypto key kept in the
 * same database: script running later on this origin can use it, but it cannot be copied out of
 * the browser as a file or through a database export without the wrapping key.
 */
const DB_NAME = 'conclave';
const DB_VERSION = 1;
const KEYS = 'keys';
const PINS = 'pins';

export interface SigningKeys {
  readonly publicKey: Uint8Array<ArrayBuffer>;
  readonly signKey: Uint8Array<ArrayBuffer>;
}

interface StoredIdentity {
  readonly wrapping: CryptoKey;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly wrapped: ArrayBuffer;
  readonly publicKey: Uint8Array<ArrayBuffer>;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  const r = indexedDB.open(DB_NAME, DB_VERSION);
  r.onupgradeneeded = () => {
    r.result.createObjectStore(KEYS);
    r.result.createObjectStore(PINS);
  };
  return request(r);
}

async function withStore<T>(name: string, mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await request(f(db.transaction(name, mode).objectStore(name)));
  } finally {
    db.close();
  }
}

/**
 * The device's signing key, created by `generate` on first use.
 *
 * @param generate makes a fresh Ed25519 pair (ts-mls's cipher suite)
 */
export async function loadOrCreateIdentity(generate: () => Promise<SigningKeys>): Promise<SigningKeys> {
  const stored = await withStore<StoredIdentity | undefined>(KEYS, 'readonly', (s) => s.get('identity'));
  if (stored !== undefined) {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: stored.iv }, stored.wrapping, stored.wrapped);
    return { publicKey: stored.publicKey, signKey: new Uint8Array(plain) };
  }
  const keys = await generate();
  const wrapping = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, wrapping, keys.signKey);
  const record: StoredIdentity = { wrapping, iv, wrapped, publicKey: keys.publicKey };
  await withStore(KEYS, 'readwrite', (s) => s.put(record, 'identity'));
  return keys;
}

/** The outcome of checking a member's key against its pin (trust on first use). */
export type PinStatus = 'new' | 'verified' | 'changed';

/**
 * Pins `fingerprint` for `name` on first sight; later sightings match or not. A changed key
 * keeps the old pin, so the warning stays until the person is re-verified out of band.
 */
export async function checkPin(name: string, fingerprint: string): Promise<{ status: PinStatus; pinned: string }> {
  const pinned = await withStore<string | undefined>(PINS, 'readonly', (s) => s.get(name));
  if (pinned === undefined) {
    await withStore(PINS, 'readwrite', (s) => s.put(fingerprint, name));
    return { status: 'new', pinned: fingerprint };
  }
  return { status: pinned === fingerprint ? 'verified' : 'changed', pinned };
}

/** Accepts `fingerprint` as `name`'s key from now on (after checking it out of band). */
export async function repin(name: string, fingerprint: string): Promise<void> {
  await withStore(PINS, 'readwrite', (s) => s.put(fingerprint, name));
}
