/**
 * Pure text helpers for what members type (chat) and choose (names): bidi neutralising, link
 * detection, initials, timestamps. No DOM here: the views build elements from what these return.
 */

/**
 * Bidirectional control characters (embeddings, overrides, isolates, marks, the Arabic letter
 * mark): each can reorder what follows it on screen, e.g. make "gpj.exe" read as "exe.jpg".
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** Other control characters, except tab and line feed (kept in chat text as plain whitespace). */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;

/** `text` without bidi controls or other control characters; everything else is kept as typed. */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(CONTROLS, '');
}

export type Segment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'link'; readonly text: string; readonly href: string };

/** A run that starts like a web address: an explicit http(s) scheme only (never javascript:, data:, …). */
const URL_START = /\bhttps?:\/\/[^\s<>"]+/giu;
/** Punctuation that usually ends the sentence rather than the address. */
const TRAILING = /[.,;:!?'")\]}]+$/u;

/**
 * Splits (already neutralised) chat text into plain runs and links. A link is an http: or https:
 * address that the URL parser accepts with that same scheme; trailing sentence punctuation stays
 * text. Anything else is text, so nothing but http(s) can ever become a link.
 */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_START)) {
    let raw = m[0];
    const trail = TRAILING.exec(raw);
    if (trail !== null) raw = raw.slice(0, raw.length - trail[0].length);
    const href = safeHref(raw);
    if (href === undefined) continue;
    const at = m.index;
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) });
    out.push({ kind: 'link', text: raw, href });
    last = at + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** The normalised address if `raw` parses as an http: or https: URL with a host, else undefined. */
export function safeHref(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return undefined;
  return u.href;
}

/** One or two letters for an avatar: the first letters of the first and last words. */
export function initials(name: string): string {
  const words = neutraliseBidi(name).trim().split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return '?';
  const first = (w: string): string => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '';
  const a = first(words[0]!);
  const b = words.length > 1 ? first(words[words.length - 1]!) : '';
  return (a + b).toLocaleUpperCase();
}

/** "14:05" in the viewer's locale, for a chat line. */
export function clockTime(at: Date): string {
  return at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Counts chat messages that arrived while the chat was not in view. */
export class UnreadCounter {
  private unread = 0;
  private open = true;

  /** Whether the chat can be seen now (its panel shown, the page visible). */
  setOpen(open: boolean): void {
    this.open = open;
    if (open) this.unread = 0;
  }

  /** A message arrived: counts it unless it is this person's own or the chat is in view. */
  received(self: boolean): void {
    if (!self && !this.open) this.unread++;
  }

  get count(): number {
    return this.unread;
  }

  /** What the badge shows: nothing, the count, or "99+". */
  get badge(): string {
    return this.unread === 0 ? '' : this.unread > 99 ? '99+' : String(this.unread);
  }
}
