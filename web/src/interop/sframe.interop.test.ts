/**
 * TypeScript half of the SFrame interop test. Run only by SFrameInteropTest (JUnit), which sets
 * CONCLAVE_INTEROP_DIR to a directory holding java-frames.json: every Java frame must decrypt
 * here, and this test writes ts-frames.json for Java to decrypt.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asyncCodeOf } from '../testing/errors.js';
import { fromHex, toHex } from '../sframe/bytes.js';
import { decryptMediaFrame, encryptMediaFrame, type MediaTrack } from '../sframe/media.js';
import { MlsSFrameContext, type MlsSFrameOptions } from '../sframe/mls-context.js';
import type { CipherSuiteId } from '../sframe/suite.js';
import { TS_SENDERS, type InteropCase, type InteropFile, type InteropFrame } from './frames-file.js';

const dir = process.env['CONCLAVE_INTEROP_DIR'];
if (dir === undefined) throw new Error('CONCLAVE_INTEROP_DIR is not set: run this through SFrameInteropTest');

const javaFile = JSON.parse(readFileSync(join(dir, 'java-frames.json'), 'utf8')) as InteropFile;

function options(c: InteropCase): MlsSFrameOptions {
  return {
    suite: c.suite as CipherSuiteId,
    epochBits: c.epochBits,
    contextsPerSender: c.contextsPerSender,
    // Both epochs stay usable for the whole test: the frames of the older one arrive "late".
    gracePeriodMs: 600_000,
  };
}

function addEpochs(ctx: MlsSFrameContext, c: InteropCase, upTo: number, ownIndex?: number): void {
  for (const e of c.epochs.filter((e) => e.epoch <= upTo && (ctx.currentEpoch ?? -1n) < BigInt(e.epoch))) {
    const keys = { epoch: BigInt(e.epoch), baseKey: fromHex(e.baseKey), groupSize: e.groupSize, roster: e.roster };
    ctx.addEpoch(ownIndex === undefined ? keys : { ...keys, ownIndex });
  }
}

function payloadFor(suite: number, sender: number, i: number): Uint8Array {
  const sizes = [0, 1, 57, 1200, 4000];
  const out = new Uint8Array(sizes[i % sizes.length]!);
  for (let j = 0; j < out.length; j++) out[j] = (suite * 13 + sender * 7 + i * 31 + j) & 0xff;
  return out;
}

describe('SFrame interop with Java', () => {
  it('has frames from every Java sender in every epoch of every suite', () => {
    expect(javaFile.cases.map((c) => c.suite)).toEqual([1, 2, 3, 4, 5]);
    for (const c of javaFile.cases) {
      const pairs = new Set(c.frames.map((f) => `${f.sender}@${f.epoch}`));
      expect(pairs.size).toBe(3 * c.epochs.length);
    }
  });

  it.each(javaFile.cases.map((c) => [c.suite, c] as const))('decrypts every Java frame of suite %i', async (_, c) => {
    const rx = new MlsSFrameContext(options(c));
    addEpochs(rx, c, Number.MAX_SAFE_INTEGER);
    const changed = fromHex(c.frames[c.frames.length - 1]!.frame);
    changed[1] = (changed[1]! + 1) % 3; // another valid track: only authentication can catch it
    expect(await asyncCodeOf(() => decryptMediaFrame(rx, changed))).toBe('AUTH_FAILED');
    for (const f of c.frames) {
      const out = await decryptMediaFrame(rx, fromHex(f.frame));
      expect(toHex(out.plaintext)).toBe(f.payload);
      expect(out.header).toEqual({
        track: f.track,
        keyframe: f.keyframe,
        spatialLayer: f.spatialLayer,
        temporalLayer: f.temporalLayer,
        sequence: f.sequence,
      });
      expect([out.senderIndex, Number(out.epoch), out.context]).toEqual([f.sender, f.epoch, f.context]);
    }
    expect(await asyncCodeOf(() => decryptMediaFrame(rx, fromHex(c.frames[0]!.frame)))).toBe('REPLAY');
  });

  it('encrypts frames for Java to decrypt', async () => {
    const cases: InteropCase[] = [];
    for (const c of javaFile.cases) {
      const frames: InteropFrame[] = [];
      for (const sender of TS_SENDERS) {
        const tx = new MlsSFrameContext(options(c));
        let sequence = 0;
        for (const e of c.epochs) {
          addEpochs(tx, c, e.epoch, sender);
          for (let i = 0; i < 6; i++) {
            const header = {
              track: (i % 3) as MediaTrack,
              keyframe: i % 2 === 0,
              spatialLayer: i % 3,
              temporalLayer: (i + sender) % 4,
              sequence: (0xfffffffd + sequence++) % 2 ** 32,
            };
            const context = i % c.contextsPerSender;
            const payload = payloadFor(c.suite, sender, i);
            const frame = await encryptMediaFrame(tx, header, payload, context);
            frames.push({ sender, epoch: e.epoch, context, ...header, payload: toHex(payload), frame: toHex(frame) });
          }
        }
      }
      cases.push({ ...c, frames });
    }
    writeFileSync(join(dir, 'ts-frames.json'), JSON.stringify({ cases } satisfies InteropFile, null, 1));
    expect(cases.reduce((n, c) => n + c.frames.length, 0)).toBe(5 * 3 * 2 * 6);
  });
});
