/** Tells the page which APIs a dedicated worker exposes (media path detection, capabilities.ts). */
import { presentApis } from './capabilities.js';

(self as unknown as { postMessage(m: string[]): void }).postMessage(presentApis(self as unknown as Record<string, unknown>));
