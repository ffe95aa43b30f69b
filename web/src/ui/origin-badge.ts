/**
 * Where the running client came from and which client it is (docs/SECURITY.md, "Trusting the web
 * client"): `extension` (a `chrome-extension:` page: the code is the extension's), `relay` (the
 * page's origin is the meeting's relay, which sent this code), `local` (a loopback origin other
 * than the relay: `conclave web`), or `other` (some other origin than the relay). The identity is
 * that of the manifest served next to this page, shown only once it is checked to describe the
 * running code: the manifest's identity is the hash of its lines, its hash of the main script is
 * that of the main script's bytes, and its hashes of the workers are those pinned in this script.
 *
 * The badge is what genuine code says about itself: modified code can draw any badge. What a
 * relay cannot change is the address bar (a `chrome-extension://` or `http://127.0.0.1` page).
 */
import { pinnedTable } from '../pinned.js';
import { h } from './dom.js';

export type ClientSource = 'extension' | 'relay' | 'local' | 'other';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

export function clientSource(page: URL, relay: string): ClientSource {
  if (page.protocol === 'chrome-extension:') return 'extension';
  if (page.origin === relay) return 'relay';
  return LOOPBACK.test(page.hostname) ? 'local' : 'other';
}

const DESCRIPTION: Record<ClientSource, string> = {
  extension: 'Client from the Conclave extension: the relay sent none of its code.',
  relay: 'Client served by the relay: check it with conclave verify-web, or use the extension or conclave web.',
  local: 'Client served by conclave web on this computer: the relay sent none of its code.',
  other: 'Client served by a site other than the relay.',
};

const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha256Hex = async (bytes: BufferSource | string): Promise<string> =>
  hex(await crypto.subtle.digest('SHA-256', typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes));

/**
 * The identity of the running client (the SHA-256 of `conclave-manifest.json`'s sorted lines, as
 * `web/scripts/pin.mjs` computes it), or a reason why it cannot be stated.
 */
export async function clientIdentity(mainScript: string): Promise<{ identity: string } | { unknown: string }> {
  try {
    const response = await fetch(new URL('/conclave-manifest.json', location.href), { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) return { unknown: `no manifest (HTTP ${response.status})` };
    const manifest = (await response.json()) as { identity?: unknown; files?: Record<string, string> };
    const files = manifest.files ?? {};
    const paths = Object.keys(files).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const computed = await sha256Hex(paths.map((p) => `${files[p]}  ${p}\n`).join(''));
    if (computed !== manifest.identity) return { unknown: 'the manifest\'s identity is not that of its files' };
    for (const [path, sri] of Object.entries(pinnedTable())) {
      const pinned = hex(Uint8Array.from(atob(sri.replace(/^sha256-/, '')), (c) => c.charCodeAt(0)).buffer);
      if (files[path] !== pinned) return { unknown: `the manifest does not list the pinned ${path}` };
    }
    const mainPath = new URL(mainScript).pathname;
    const main = await fetch(mainScript, { cache: 'no-store', credentials: 'same-origin' });
    if (files[mainPath] === undefined || files[mainPath] !== await sha256Hex(await main.arrayBuffer())) {
      return { unknown: `the manifest does not list the running ${mainPath}` };
    }
    return { identity: computed };
  } catch (e) {
    return { unknown: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * A small line for the meeting view: `id="client-origin"`, `data-source`, and `data-identity` once
 * known (tests read these).
 */
export function originBadge(relay: string): HTMLElement {
  const source = clientSource(new URL(location.href), relay);
  const identity = h('code', { class: 'identity', id: 'client-identity' }, 'checking…');
  const badge = h('p', { class: `origin-badge origin-${source}`, id: 'client-origin', 'data-source': source, title: DESCRIPTION[source] },
    h('strong', {}, `Client: ${source}`), ' · identity ', identity, ' · relay ', h('span', { class: 'relay' }, relay));
  void clientIdentity(import.meta.url).then((r) => {
    if ('identity' in r) {
      identity.textContent = r.identity;
      badge.setAttribute('data-identity', r.identity);
    } else {
      identity.textContent = `unknown (${r.unknown})`;
      badge.setAttribute('data-identity', 'unknown');
    }
  });
  return badge;
}
