import { describe, expect, it } from 'vitest';
import { asyncCodeOf, codeOf } from '../testing/errors.js';
import { fromHex, toHex } from './bytes.js';
import { decodeMediaHeader, decryptMediaFrame, encodeMediaHeader, encryptMediaFrame, MediaTrack, type MediaHeader } from './media.js';
import { MlsSFrameContext } from './mls-context.js';

const HEADER: MediaHeader = { track: MediaTrack.CAMERA, keyframe: true, spatialLayer: 2, temporalLayer: 1, sequence: 0x01020304 };

function pair(): { alice: MlsSFrameContext; bob: MlsSFrameContext } {
  const keys = { epoch: 3n, baseKey: new Uint8Array(16).fill(0x42), groupSize: 2, roster: [0, 1] };
  const alice = new MlsSFrameContext();
  const bob = new MlsSFrameContext();
  alice.addEpoch({ ...keys, ownIndex: 0 });
  bob.addEpoch({ ...keys, ownIndex: 1 });
  return { alice, bob };
}

describe('Conclave media frame', () => {
  it('lays out version, track, flags, layer and big-endian sequence', () => {
    expect(toHex(encodeMediaHeader(HEADER))).toBe('0101012101020304');
    expect(toHex(encodeMediaHeader({ track: 0, keyframe: false, spatialLayer: 0, temporalLayer: 0, sequence: 0xffffffff }))).toBe(
      '01000000ffffffff',
    );
    expect(decodeMediaHeader(fromHex('0102002fffffff00aabb'))).toEqual({
      track: MediaTrack.SCREEN,
      keyframe: false,
      spatialLayer: 2,
      temporalLayer: 15,
      sequence: 0xffffff00,
    });
  });

  it.each([
    ['short', '01010121010203'],
    ['version 0', '0001012101020304'],
    ['version 2', '0201012101020304'],
    ['track 3', '0103012101020304'],
    ['reserved flag', '0101032101020304'],
  ])('rejects a %s header', (_, hex) => {
    expect(codeOf(() => decodeMediaHeader(fromHex(hex)))).toBe('MALFORMED_FRAME');
  });

  it('refuses to encode out-of-range fields', () => {
    expect(codeOf(() => encodeMediaHeader({ ...HEADER, spatialLayer: 16 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encodeMediaHeader({ ...HEADER, sequence: 2 ** 32 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encodeMediaHeader({ ...HEADER, track: 3 as MediaTrack }))).toBe('INVALID_ARGUMENT');
  });

  it('round-trips header and payload', async () => {
    const { alice, bob } = pair();
    const frame = await encryptMediaFrame(alice, HEADER, new Uint8Array([1, 2, 3]));
    expect(toHex(frame.subarray(0, 8))).toBe('0101012101020304');
    const out = await decryptMediaFrame(bob, frame);
    expect(out.header).toEqual(HEADER);
    expect([...out.plaintext]).toEqual([1, 2, 3]);
    expect(out.senderIndex).toBe(0);
  });

  it('authenticates the clear header: a relay cannot change track, flags, layer or sequence', async () => {
    const { alice, bob } = pair();
    const frame = await encryptMediaFrame(alice, HEADER, new Uint8Array(100));
    const edits: Array<[number, number]> = [
      [1, 0x02],
      [2, 0x00],
      [3, 0x20],
      [4, 0x09],
      [7, 0x05],
    ];
    for (const [offset, value] of edits) {
      const bad = frame.slice();
      bad[offset] = value;
      expect(await asyncCodeOf(() => decryptMediaFrame(bob, bad))).toBe('AUTH_FAILED');
    }
    expect((await decryptMediaFrame(bob, frame)).header.sequence).toBe(HEADER.sequence);
  });
});
