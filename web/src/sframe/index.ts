/**
 * SFrame (RFC 9605) over WebCrypto for the Conclave browser client: header codec (§4.3),
 * cipher suites (§4.5), key derivation (§4.4.2), MLS key management (§5.2) and the Conclave
 * media frame.
 */
export { SFrameError, type SFrameErrorCode } from './errors.js';
export { type Bytes, fromHex, toHex } from './bytes.js';
export { decodeHeader, encodeHeader, MAX_HEADER_LENGTH, type DecodedHeader, type SFrameHeader } from './header.js';
export { cipherSuite, DEFAULT_SUITE_ID, type CipherSuite, type CipherSuiteId } from './suite.js';
export { importAead, type Aead, type KeyUsage } from './aead.js';
export { deriveKeySalt, type KeySalt } from './derive.js';
export { SFrameKey } from './sframe-key.js';
export { indexBitsFor, mlsKid, parseMlsKid, type MlsKidParts } from './mls-kid.js';
export {
  MlsSFrameContext,
  type DecryptedFrame,
  type MlsEpochKeys,
  type MlsSFrameOptions,
} from './mls-context.js';
export {
  decodeMediaHeader,
  decryptMediaFrame,
  encodeMediaHeader,
  encryptMediaFrame,
  MEDIA_FRAME_VERSION,
  MEDIA_HEADER_LENGTH,
  MediaTrack,
  type DecryptedMediaFrame,
  type MediaHeader,
} from './media.js';
