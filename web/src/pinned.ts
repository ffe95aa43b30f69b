/**
 * Workers and worklets loaded through integrity-checked fetches (docs/SECURITY.md, "Trusting the
 * web client"). No Subresource Integrity exists for `new Worker(url)` or `addModule(url)`, so the
 * main script, itself pinned by the SRI attribute of index.html, carries the SHA-256 of every
 * worker and worklet script: each is fetched with that `integrity`, and only the verified bytes
 * run, from a Blob URL. A fetch whose bytes differ fails, and nothing of it runs.
 *
 * The table is filled in after the bundle is built (`scripts/pin.mjs` replaces the placeholder
 * below with the hashes of the emitted worker files). A production build without it refuses to
 * start any worker; only the vite dev server (`import.meta.env.DEV`) loads workers by URL.
 */

/** Replaced at build time by a JSON object: worker URL path → "sha256-BASE64". */
const PINNED = '__CONCLAVE_PINNED_WORKERS__';

let table: Record<string, string> | undefined;

function parseTable(text: string): Record<string, string> {
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    return {}; // the placeholder itself: not a pinned build
  }
}

/** Every pinned worker and worklet: URL path → "sha256-BASE64" (empty outside a pinned build). */
export function pinnedTable(): Readonly<Record<string, string>> {
  table ??= parseTable(PINNED);
  return table;
}

/** The SRI value pinned for `url` (a path such as `/assets/encode-worker.js`), or throws. */
export function pinnedIntegrity(url: string): string {
  table ??= parseTable(PINNED);
  const path = new URL(url, location.href).pathname;
  const integrity = table[path];
  if (integrity === undefined) throw new Error(`no pinned hash for ${path}: refusing to run it`);
  return integrity;
}

const verified = new Map<string, Promise<ArrayBuffer>>();

/** The bytes of `url` (a pinned path), fetched once per page with the pinned integrity. */
function verifiedBytes(url: string): Promise<ArrayBuffer> {
  const path = new URL(url, location.href).pathname;
  let bytes = verified.get(path);
  if (bytes === undefined) {
    bytes = (async () => {
      const integrity = pinnedIntegrity(url);
      const started = performance.now();
      let response: Response;
      try {
        response = await fetch(url, { integrity, credentials: 'same-origin', cache: 'no-store' });
      } catch (e) {
        // Browsers report an integrity mismatch as a network error (TypeError: Failed to fetch).
        throw new Error(`${path} does not match its pinned hash ${integrity} or could not be fetched (${e instanceof Error ? e.message : String(e)})`);
      }
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      const body = await response.arrayBuffer();
      performance.measure(`conclave:pinned ${path}`, { start: started });
      return body;
    })();
    verified.set(path, bytes);
  }
  return bytes;
}

/**
 * Starts fetching and checking every pinned worker and worklet at once (from the page's start),
 * so that they are ready when the lobby needs them. Failures surface when one is used.
 */
export function prefetchPinned(): void {
  if (import.meta.env.DEV || __CONCLAVE_UNPINNED__) return;
  table ??= parseTable(PINNED);
  for (const path of Object.keys(table)) verifiedBytes(path).catch(() => undefined);
}

/**
 * The verified script at `url` as a new Blob URL (revoke it once used). In the Conclave extension
 * the URL itself, once its bytes are verified: the file is part of the installed extension, which
 * no server can change, and Manifest V3 allows no `blob:` script source for worklets.
 */
export async function verifiedScriptUrl(url: string): Promise<string> {
  // The unpinned build exists only to measure what pinning costs (docs/PERFORMANCE.md).
  if (import.meta.env.DEV || __CONCLAVE_UNPINNED__) return url;
  const bytes = await verifiedBytes(url);
  if (location.protocol === 'chrome-extension:') return new URL(url, location.href).toString();
  return URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));
}

/** Where a pinned worker is: loading, running, or refused (its bytes did not match). */
export type PinnedState = 'loading' | 'running' | 'refused';

/**
 * A module worker whose script is integrity-checked before it starts. Messages posted while it
 * loads are queued (with their transfer lists) and delivered in order once it runs; if the check
 * fails they are dropped, `onrefused` is called and the worker never runs.
 */
export class PinnedWorker {
  onmessage: ((e: MessageEvent) => void) | null = null;
  state: PinnedState = 'loading';
  readonly ready: Promise<void>;
  private worker: Worker | undefined;
  private queue: [unknown, Transferable[]][] = [];
  private terminated = false;

  constructor(url: string, name: string, onrefused: (error: Error) => void = () => undefined) {
    this.ready = verifiedScriptUrl(url).then(
      (blobUrl) => {
        if (this.terminated) return;
        const w = new Worker(blobUrl, { type: 'module', name });
        w.onmessage = (e) => this.onmessage?.(e);
        this.worker = w;
        this.state = 'running';
        for (const [m, t] of this.queue) w.postMessage(m, t);
        this.queue = [];
      },
      (e: unknown) => {
        this.state = 'refused';
        this.queue = [];
        const error = new Error(`worker ${name} refused: ${e instanceof Error ? e.message : String(e)}`);
        announceRefusal(error.message);
        onrefused(error);
      },
    );
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (this.worker !== undefined) this.worker.postMessage(message, transfer);
    else if (this.state === 'loading') this.queue.push([message, transfer]);
  }

  terminate(): void {
    this.terminated = true;
    this.queue = [];
    this.worker?.terminate();
  }
}

/** Every worker or worklet refused so far on this page. */
export const pinningFailures: string[] = [];

/**
 * Tells the user, above everything else, that code the server sent failed its check and was not
 * run (also `data-pinning="refused"` on the root element, which tests read).
 */
export function announceRefusal(message: string): void {
  pinningFailures.push(message);
  console.error(message);
  document.documentElement.setAttribute('data-pinning', 'refused');
  let box = document.getElementById('pinning-refused');
  if (box === null) {
    box = document.createElement('div');
    box.id = 'pinning-refused';
    box.className = 'warning';
    box.setAttribute('role', 'alert');
    document.body.prepend(box);
  }
  const line = document.createElement('p');
  line.textContent = `Stopped: code sent by the server failed its integrity check (${message}). `
    + 'The server may be serving modified code: do not use this page; use `conclave verify-web` or a trusted copy of the client.';
  box.append(line);
}
