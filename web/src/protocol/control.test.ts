import { describe, expect, it } from 'vitest';
import { decodeServerMessage, encodeClientMessage, UnknownMessageType } from './control.js';
import { fromBase64, fromBase64Url, ProtocolError, toBase64, toBase64Url } from './base64.js';

describe('control messages', () => {
  it('encodes a commit with the relay fields only (no added/removed lists), bytes as base64', () => {
    const json = JSON.parse(encodeClientMessage({
      type: 'commit', epoch: 7n, commit: Uint8Array.of(1, 2), welcome: Uint8Array.of(3), groupInfo: Uint8Array.of(4),
    }));
    expect(json).toEqual({ v: 1, type: 'commit', epoch: 7, commit: 'AQI=', welcome: 'Aw==', groupInfo: 'BA==' });
    expect(JSON.parse(encodeClientMessage({ type: 'commit', epoch: 0n, commit: Uint8Array.of(1), groupInfo: Uint8Array.of(2) })))
      .toEqual({ v: 1, type: 'commit', epoch: 0, commit: 'AQ==', groupInfo: 'Ag==' });
  });

  it('encodes register_group with the host token', () => {
    expect(JSON.parse(encodeClientMessage({ type: 'register_group', groupInfo: Uint8Array.of(9), hostToken: 'tok_EN-1' })))
      .toEqual({ v: 1, type: 'register_group', groupInfo: 'CQ==', hostToken: 'tok_EN-1' });
    expect(() => encodeClientMessage({ type: 'register_group', groupInfo: Uint8Array.of(9), hostToken: '' })).toThrow(RangeError);
  });

  it('encodes end_meeting and refuse_join, and decodes join_refused strictly', () => {
    expect(JSON.parse(encodeClientMessage({ type: 'end_meeting', hostToken: 'tok_EN-1' })))
      .toEqual({ v: 1, type: 'end_meeting', hostToken: 'tok_EN-1' });
    expect(() => encodeClientMessage({ type: 'end_meeting', hostToken: 'not a token' })).toThrow(RangeError);
    expect(JSON.parse(encodeClientMessage({ type: 'refuse_join', to: 'p1', reason: 'denied' })))
      .toEqual({ v: 1, type: 'refuse_join', to: 'p1', reason: 'denied' });
    expect(decodeServerMessage('{"v":1,"type":"join_refused","reason":"invalid_invite"}'))
      .toEqual({ type: 'join_refused', reason: 'invalid_invite' });
    expect(() => decodeServerMessage('{"v":1,"type":"join_refused","reason":"maybe"}')).toThrow(ProtocolError);
    expect(() => decodeServerMessage('{"v":1,"type":"join_refused","reason":"denied","extra":1}')).toThrow(ProtocolError);
    expect(decodeServerMessage('{"v":1,"type":"join_request_withdrawn","from":"p_7"}')).toEqual({ type: 'join_request_withdrawn', from: 'p_7' });
    expect(() => decodeServerMessage('{"v":1,"type":"join_request_withdrawn","from":"not an id"}')).toThrow(ProtocolError);
  });

  it('leaves out an absent resume token and welcome', () => {
    expect(JSON.parse(encodeClientMessage({ type: 'hello', meeting: 'm1' }))).toEqual({ v: 1, type: 'hello', meeting: 'm1' });
    expect(JSON.parse(encodeClientMessage({ type: 'bye' }))).toEqual({ v: 1, type: 'bye' });
  });

  it('encodes a keyframe request for a member\'s leaf and refuses out-of-range fields', () => {
    expect(encodeClientMessage({ type: 'keyframe_request', leaf: 3, track: 1 }))
      .toBe('{"v":1,"type":"keyframe_request","leaf":3,"track":1}');
    expect(JSON.parse(encodeClientMessage({ type: 'keyframe_request', leaf: 0xffffffff, track: 2 })))
      .toEqual({ v: 1, type: 'keyframe_request', leaf: 4294967295, track: 2 });
    for (const [leaf, track] of [[-1, 1], [2 ** 32, 1], [1.5, 1], [Number.NaN, 1], [0, -1], [0, 256], [0, 0.5]]) {
      expect(() => encodeClientMessage({ type: 'keyframe_request', leaf: leaf!, track: track! })).toThrow(RangeError);
    }
  });

  it('decodes every server message type', () => {
    expect(decodeServerMessage('{"v":1,"type":"ready","participant":"p","resume":"r","epoch":-1}'))
      .toEqual({ type: 'ready', participant: 'p', resume: 'r', epoch: -1n });
    expect(decodeServerMessage('{"v":1,"type":"ready","participant":"p","resume":"r","epoch":3,"leaf":2}'))
      .toEqual({ type: 'ready', participant: 'p', resume: 'r', epoch: 3n, leaf: 2 });
    expect(decodeServerMessage('{"v":1,"type":"commit","from":"a","epoch":4,"commit":"AQ=="}'))
      .toEqual({ type: 'commit', from: 'a', epoch: 4n, commit: Uint8Array.of(1) });
    expect(decodeServerMessage('{"v":1,"type":"commit_rejected","epoch":4,"currentEpoch":5,"reason":"stale_epoch"}'))
      .toEqual({ type: 'commit_rejected', epoch: 4n, currentEpoch: 5n, reason: 'stale_epoch' });
    expect(decodeServerMessage('{"v":1,"type":"keyframe_request","track":1}')).toEqual({ type: 'keyframe_request', track: 1 });
    expect(decodeServerMessage('{"v":1,"type":"registered"}')).toEqual({ type: 'registered' });
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['wrong version', '{"v":2,"type":"registered"}'],
    ['unknown type', '{"v":1,"type":"nope"}'],
    ['unknown field', '{"v":1,"type":"registered","x":1}'],
    ['bad id', '{"v":1,"type":"application","from":"a b","message":"AQ=="}'],
    ['bad base64', '{"v":1,"type":"application","from":"a","message":"@@@"}'],
    ['empty bytes', '{"v":1,"type":"application","from":"a","message":""}'],
    ['fractional epoch', '{"v":1,"type":"commit_accepted","epoch":1.5}'],
    ['negative epoch', '{"v":1,"type":"commit_accepted","epoch":-1}'],
    ['track over u8', '{"v":1,"type":"keyframe_request","track":256}'],
    ['string track', '{"v":1,"type":"keyframe_request","track":"1"}'],
    ['boolean track', '{"v":1,"type":"keyframe_request","track":true}'],
    ['string epoch', '{"v":1,"type":"ready","participant":"p","resume":"r","epoch":"1"}'],
    ['empty-string leaf', '{"v":1,"type":"ready","participant":"p","resume":"r","epoch":1,"leaf":""}'],
    ['numeric id', '{"v":1,"type":"application","from":1,"message":"AQ=="}'],
    ['numeric reason', '{"v":1,"type":"commit_rejected","epoch":1,"currentEpoch":2,"reason":5}'],
    ['bytes as a list', '{"v":1,"type":"application","from":"a","message":[1]}'],
    ['no type', '{"v":1}'],
    ['numeric type', '{"v":1,"type":5}'],
  ])('rejects %s', (_what, json) => {
    expect(() => decodeServerMessage(json)).toThrow(ProtocolError);
  });

  it('tells a type added after this client (skipped) from a malformed message', () => {
    expect(() => decodeServerMessage('{"v":1,"type":"speaker_hint","leaf":2}')).toThrow(UnknownMessageType);
    for (const json of ['{"v":1}', '{"v":1,"type":5}', '{"v":2,"type":"speaker_hint"}', '{"v":1,"type":"registered","x":1}']) {
      expect(() => decodeServerMessage(json), json).toThrow(ProtocolError);
      expect(() => decodeServerMessage(json), json).not.toThrow(UnknownMessageType);
    }
  });
});

describe('base64', () => {
  it('round-trips both alphabets', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => i * 7);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(toBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
  });

  it('refuses non-canonical base64url', () => {
    expect(() => fromBase64Url('-_9')).toThrow(ProtocolError);
    expect(() => fromBase64Url('a=')).toThrow(ProtocolError);
  });
});
