/**
 * Invite links and the client's own addresses (docs/PROTOCOL.md, "Invite links and client
 * origins"). An invite link names the relay by its origin: `https://RELAY/m/ID#SECRET`. A client
 * that does not run from the relay (the Conclave extension, `conclave web`) opens the same meeting
 * at its own address with the relay in the query: `/m/ID?relay=https://RELAY#SECRET` (or
 * `/index.html?m=ID&relay=…` in the extension, whose files cannot be routed). Without `relay`, the
 * relay is the page's own origin, so every link made before this still works.
 *
 * The fragment (the invite secret) is never sent anywhere; neither is it parsed here.
 */

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

/** Where a page is and which meeting and relay it is for. */
export interface ClientRoute {
  /** The relay's origin, e.g. `https://relay.example` (no path). */
  readonly relay: string;
  /** The meeting, or undefined on the start page. */
  readonly meetingId: string | undefined;
}

/** A pasted invite link, split. */
export interface InviteTarget {
  readonly relay: string;
  readonly meetingId: string;
  /** Everything after `#` (the invite secret, possibly empty). */
  readonly fragment: string;
}

/**
 * The relay origin named by `value` (an origin or any URL on it): https, or http on a loopback
 * host (a page in a secure context may not open `ws://` elsewhere, and the relay should use TLS
 * anyway).
 *
 * @throws Error if it is not such a URL
 */
export function relayOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`not a relay address: ${value}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new Error(`a relay address is https://HOST (http only on this computer): ${value}`);
  }
  if (url.username !== '' || url.password !== '') throw new Error('a relay address has no user name or password');
  return url.origin;
}

/** The meeting and relay of the page at `url`. A `relay` parameter that is not a relay is an error. */
export function routeOf(url: URL): ClientRoute {
  const relayParam = url.searchParams.get('relay');
  const relay = relayParam === null ? url.origin : relayOrigin(relayParam);
  const path = /^\/m\/([^/]+)$/.exec(url.pathname);
  const id = path !== null ? path[1]! : url.searchParams.get('m') ?? undefined;
  return { relay, meetingId: id !== undefined && ID.test(id) ? id : undefined };
}

/**
 * Splits an invite link as people share it: `https://RELAY/m/ID#SECRET`, or a client address
 * carrying `relay=` (as the extension or `conclave web` show it).
 *
 * @throws Error if it names no meeting
 */
export function parseInviteLink(text: string): InviteTarget {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error('not a link');
  }
  const route = routeOf(url);
  if (route.meetingId === undefined) throw new Error('an invite link looks like https://RELAY/m/ID#SECRET');
  if (url.searchParams.get('relay') === null) relayOrigin(url.origin);
  return { relay: route.relay, meetingId: route.meetingId, fragment: url.hash.slice(1) };
}

/** The link to share: on the relay's origin, so that it opens anywhere (secret after `#`). */
export function shareableLink(relay: string, meetingId: string, secret: string | undefined): string {
  return `${relay}/m/${meetingId}${secret === undefined || secret === '' ? '' : `#${secret}`}`;
}

/**
 * This client's own address for a meeting on `relay`: path `/m/ID` where the page can be routed
 * (relay, `conclave web`), `?m=ID` where it cannot (the extension's `/index.html`); `relay=` only
 * when the relay is not the page's origin.
 */
export function clientAddress(page: URL, relay: string, meetingId: string, fragment: string): string {
  const query = new URLSearchParams();
  const routed = !page.pathname.endsWith('.html');
  if (!routed) query.set('m', meetingId);
  if (relay !== page.origin) query.set('relay', relay);
  const q = query.toString() === '' ? '' : `?${query.toString()}`;
  const path = routed ? `/m/${meetingId}` : page.pathname;
  return `${path}${q}${fragment === '' ? '' : `#${fragment}`}`;
}
