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

/**
 * The outcome of checking a member's key against the pins, keyed by the signature key's
 * fingerprint. Seeing a key again proves nothing about who holds it, so it is never shown as
 * verified on its own:
 * - `new`: neither the key nor the name was seen before;
 * - `seen`: this key was seen before under this name (trust on first use), not verified;
 * - `verified`: this person marked this key verified, after comparing the security code;
 * - `renamed`: this key was seen before under another name;
 * - `changed`: this name was seen before with another key, and this key is unknown;
 * - `verified-changed`: as `changed`, and the name's earlier key was one this person verified.
 */
export type PinStatus = 'new' | 'seen' | 'verified' | 'changed' | 'verified-changed' | 'renamed';

/** What the pins hold about one (name, key). */
export interface PinLookup {
  /** The name this key was first seen under. */
  readonly nameOfKey: string | undefined;
  /** The key this name was first seen with. */
  readonly keyOfName: string | undefined;
  /** This key was marked verified. */
  readonly keyVerified?: boolean;
  /** The key last marked verified for this name, if any. */
  readonly verifiedKeyOfName?: string | undefined;
}

/**
 * The decision, separate from storage: `pinned` is the previous name (`renamed`), the previous
 * fingerprint (`changed`) or the previously verified fingerprint (`verified-changed`), else the
 * fingerprint itself.
 */
export function pinDecision(name: string, fingerprint: string, found: PinLookup): { status: PinStatus; pinned: string } {
  if (found.nameOfKey !== undefined) {
    if (found.nameOfKey !== name) return { status: 'renamed', pinned: found.nameOfKey };
    return { status: found.keyVerified === true ? 'verified' : 'seen', pinned: fingerprint };
  }
  if (found.verifiedKeyOfName !== undefined && found.verifiedKeyOfName !== fingerprint) {
    return { status: 'verified-changed', pinned: found.verifiedKeyOfName };
  }
  if (found.keyOfName !== undefined && found.keyOfName !== fingerprint) return { status: 'changed', pinned: found.keyOfName };
  return { status: 'new', pinned: fingerprint };
}

const KEY_PIN = 'key:';
const NAME_PIN = 'name:';
/** `verified:<fingerprint>` → the name it was verified as. */
const VERIFIED_KEY = 'verified:';
/** `verified-name:<name>` → the fingerprint last verified for it. */
const VERIFIED_NAME = 'verified-name:';

const get = (key: string): Promise<string | undefined> => withStore<string | undefined>(PINS, 'readonly', (s) => s.get(key));

/**
 * Checks `fingerprint` (the member's signature key) and `name` against the pins and pins what is
 * new. Pins are keyed by the key: a known key under a new name is `renamed`, a known name under a
 * new key `changed` (or `verified-changed`). Neither overwrites the first pin, so the warning stays
 * until the person is re-verified out of band ({@link markVerified}).
 */
export async function checkPin(name: string, fingerprint: string): Promise<{ status: PinStatus; pinned: string }> {
  const nameOfKey = await get(KEY_PIN + fingerprint);
  // Pins of earlier versions were keyed by the bare name.
  const keyOfName = await get(NAME_PIN + name) ?? await get(name);
  const keyVerified = await get(VERIFIED_KEY + fingerprint) === name;
  const verifiedKeyOfName = await get(VERIFIED_NAME + name);
  const decision = pinDecision(name, fingerprint, { nameOfKey, keyOfName, keyVerified, verifiedKeyOfName });
  if (nameOfKey === undefined && decision.status === 'new') {
    await withStore(PINS, 'readwrite', (s) => s.put(name, KEY_PIN + fingerprint));
    await withStore(PINS, 'readwrite', (s) => s.put(fingerprint, NAME_PIN + name));
  }
  return decision;
}

/** Accepts `fingerprint` as `name`'s key, and `name` as that key's name, from now on (after checking out of band). */
export async function repin(name: string, fingerprint: string): Promise<void> {
  await withStore(PINS, 'readwrite', (s) => s.put(name, KEY_PIN + fingerprint));
  await withStore(PINS, 'readwrite', (s) => s.put(fingerprint, NAME_PIN + name));
}

/**
 * The person compared the security code with `name` and marks this key verified (or takes the
 * mark back). The mark belongs to the key: another key under the same name is not verified, and
 * is announced as `verified-changed`.
 */
export async function markVerified(name: string, fingerprint: string, verified: boolean): Promise<void> {
  if (verified) {
    await repin(name, fingerprint);
    await withStore(PINS, 'readwrite', (s) => s.put(name, VERIFIED_KEY + fingerprint));
    await withStore(PINS, 'readwrite', (s) => s.put(fingerprint, VERIFIED_NAME + name));
    return;
  }
  await withStore(PINS, 'readwrite', (s) => s.delete(VERIFIED_KEY + fingerprint));
  if (await get(VERIFIED_NAME + name) === fingerprint) await withStore(PINS, 'readwrite', (s) => s.delete(VERIFIED_NAME + name));
}
