import { describe, expect, it } from 'vitest';
import { UnreadCounter, initials, linkify, neutraliseBidi, safeHref } from './text.js';

describe('neutraliseBidi', () => {
  it('removes overrides, embeddings, isolates and marks', () => {
    // "RLO" would show "exe.jpg" for "gpj.exe".
    expect(neutraliseBidi('photo\u202Egpj.exe')).toBe('photogpj.exe');
    expect(neutraliseBidi('a\u2066b\u2067c\u2068d\u2069e\u200Ef\u200Fg\u061Ch\u202Ai\u202Bj\u202Ck\u202Dl')).toBe('abcdefghijkl');
  });
  it('removes control characters but keeps tabs, newlines, emoji joiners and scripts', () => {
    expect(neutraliseBidi('a\u0000b\u0007c\u001Bd\u009Be\tf\ng')).toBe('abcde\tf\ng');
    expect(neutraliseBidi('👩\u200D💻 שלום مرحبا')).toBe('👩\u200D💻 שלום مرحبا');
  });
});

describe('linkify', () => {
  it('turns http and https addresses into links and leaves the rest text', () => {
    expect(linkify('see https://example.org/a?b=1 and http://x.test.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.test', href: 'http://x.test/' },
      { kind: 'text', text: '.' },
    ]);
  });
  it('never links other schemes', () => {
    for (const t of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'file:///etc/passwd', 'ftp://x.test/', 'JaVaScRiPt://x.test/%0aalert(1)']) {
      expect(linkify(t)).toEqual([{ kind: 'text', text: t }]);
    }
  });
  it('does not take a scheme hidden inside a word or quotes into the address', () => {
    expect(linkify('xhttps://a.test')).toEqual([{ kind: 'text', text: 'xhttps://a.test' }]);
    expect(linkify('"https://a.test/x"<b>')).toEqual([
      { kind: 'text', text: '"' }, { kind: 'link', text: 'https://a.test/x', href: 'https://a.test/x' }, { kind: 'text', text: '"<b>' },
    ]);
  });
  it('plain text is one segment, empty text none', () => {
    expect(linkify('hello')).toEqual([{ kind: 'text', text: 'hello' }]);
    expect(linkify('')).toEqual([]);
  });
  it('safeHref accepts only http(s) with a host', () => {
    expect(safeHref('https://a.test')).toBe('https://a.test/');
    expect(safeHref('http:///nohost')).toBe('http://nohost/');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('not a url')).toBeUndefined();
  });
});

describe('initials', () => {
  it('takes first and last word', () => {
    expect(initials('Alice')).toBe('A');
    expect(initials('ada lovelace byron')).toBe('AB');
    expect(initials('  ')).toBe('?');
    expect(initials('(Bob) ~Smith')).toBe('BS');
    expect(initials('\u202Eevil')).toBe('E');
  });
});

describe('UnreadCounter', () => {
  it('counts others\' messages only while the chat is closed', () => {
    const u = new UnreadCounter();
    u.received(false);
    expect(u.count).toBe(0);
    u.setOpen(false);
    u.received(false);
    u.received(true);
    u.received(false);
    expect(u.count).toBe(2);
    expect(u.badge).toBe('2');
    u.setOpen(true);
    expect(u.count).toBe(0);
    expect(u.badge).toBe('');
    u.setOpen(false);
    for (let i = 0; i < 120; i++) u.received(false);
    expect(u.badge).toBe('99+');
  });
});
