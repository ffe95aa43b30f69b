/** Test helpers that return the {@link SFrameError} code a call failed with. */
import { SFrameError, type SFrameErrorCode } from '../sframe/errors.js';

export function codeOf(f: () => unknown): SFrameErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof SFrameError) return e.code;
    throw e;
  }
  return undefined;
}

export async function asyncCodeOf(f: () => Promise<unknown>): Promise<SFrameErrorCode | undefined> {
  try {
    await f();
  } catch (e) {
    if (e instanceof SFrameError) return e.code;
    throw e;
  }
  return undefined;
}
