import { describe, expect, it } from 'vitest';
import { clientAddress, parseInviteLink, relayOrigin, routeOf, shareableLink } from './invite-link.js';

describe('invite links with a relay (docs/PROTOCOL.md, "Invite links and client origins")', () => {
  it('a link without relay= means the page\'s own origin (links made before still work)', () => {
    expect(routeOf(new URL('https://relay.example/m/abc_DEF-1#s3cret'))).toEqual({ relay: 'https://relay.example', meetingId: 'abc_DEF-1' });
    expect(parseInviteLink('https://relay.example:8443/m/abc#xyz')).toEqual({ relay: 'https://relay.example:8443', meetingId: 'abc', fragment: 'xyz' });
  });

  it('relay= names another relay, by its origin only', () => {
    expect(routeOf(new URL('http://127.0.0.1:5000/m/abc?relay=https%3A%2F%2Frelay.example%2Fignored%2Fpath#s')))
      .toEqual({ relay: 'https://relay.example', meetingId: 'abc' });
    expect(routeOf(new URL('chrome-extension://abcdefghijklmnop/index.html?m=abc&relay=https://r.example:444')))
      .toEqual({ relay: 'https://r.example:444', meetingId: 'abc' });
    expect(parseInviteLink('http://127.0.0.1:5000/m/abc?relay=https://relay.example#x').relay).toBe('https://relay.example');
  });

  it('the start page has no meeting, and malformed ids are no meeting', () => {
    expect(routeOf(new URL('chrome-extension://abcdefghijklmnop/index.html')).meetingId).toBeUndefined();
    expect(routeOf(new URL('https://relay.example/m/a%20b')).meetingId).toBeUndefined();
    expect(routeOf(new URL('https://relay.example/x/abc')).meetingId).toBeUndefined();
    expect(() => parseInviteLink('https://relay.example/')).toThrow(/invite link/);
    expect(() => parseInviteLink('no link')).toThrow(/not a link/);
  });

  it('a relay is https, or http only on a loopback host; never with credentials', () => {
    expect(relayOrigin('http://127.0.0.1:8443')).toBe('http://127.0.0.1:8443');
    expect(relayOrigin('http://localhost:1')).toBe('http://localhost:1');
    expect(relayOrigin('http://[::1]:9')).toBe('http://[::1]:9');
    expect(() => relayOrigin('http://relay.example')).toThrow(/https/);
    expect(() => relayOrigin('ws://127.0.0.1:1')).toThrow(/https/);
    expect(() => relayOrigin('javascript:alert(1)')).toThrow();
    expect(() => relayOrigin('https://user:pw@relay.example')).toThrow(/password/);
    expect(() => routeOf(new URL('https://page.example/m/abc?relay=http://evil.example'))).toThrow();
    expect(() => parseInviteLink('http://relay.example/m/abc#s')).toThrow(/https/);
  });

  it('the shared link is on the relay; the client address keeps the secret in the fragment', () => {
    expect(shareableLink('https://relay.example', 'abc', 'SECRET')).toBe('https://relay.example/m/abc#SECRET');
    expect(shareableLink('https://relay.example', 'abc', undefined)).toBe('https://relay.example/m/abc');
    expect(clientAddress(new URL('https://relay.example/'), 'https://relay.example', 'abc', 'S')).toBe('/m/abc#S');
    expect(clientAddress(new URL('http://127.0.0.1:5000/'), 'https://relay.example', 'abc', 'S')).toBe('/m/abc?relay=https%3A%2F%2Frelay.example#S');
    expect(clientAddress(new URL('chrome-extension://abcdefghijklmnop/index.html'), 'https://relay.example', 'abc', ''))
      .toBe('/index.html?m=abc&relay=https%3A%2F%2Frelay.example');
  });

  it('a client address routes back to the same meeting and relay', () => {
    for (const page of ['http://127.0.0.1:5000/', 'chrome-extension://abcdefghijklmnop/index.html', 'https://relay.example/']) {
      const address = new URL(clientAddress(new URL(page), 'https://relay.example', 'm1', 'sec'), page);
      expect(routeOf(address)).toEqual({ relay: 'https://relay.example', meetingId: 'm1' });
      expect(address.hash).toBe('#sec');
    }
  });
});
