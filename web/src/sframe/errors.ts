/**
 * The one error type of the SFrame module. Callers branch on {@link SFrameError.code};
 * messages are for people and never contain key material.
 */

/** Why an SFrame operation failed. */
export type SFrameErrorCode =
  /**
   * SFrame header (RFC 9605 §4.3) truncated or not minimally encoded, ciphertext too short for
   * its tag, or Conclave media header truncated or with reserved values.
   */
  | 'MALFORMED_FRAME'
  /** AEAD tag check failed: header, metadata, ciphertext or tag was changed (RFC 9605 §4.4.4). */
  | 'AUTH_FAILED'
  /** No key for this KID: its epoch was never provisioned (RFC 9605 §4.4.4 lets callers buffer). */
  | 'UNKNOWN_KID'
  /** CTR already seen or older than the replay window (RFC 9605 §7.5, Appendix "Anti-Replay"). */
  | 'REPLAY'
  /** KID names an epoch whose grace period ended. */
  | 'EPOCH_EXPIRED'
  /** KID names a sender index that is not a member of that epoch (RFC 9605 §5.2). */
  | 'SENDER_NOT_IN_ROSTER'
  /** The send counter reached its limit; a new epoch is needed (RFC 9605 "Header Value Uniqueness"). */
  | 'COUNTER_EXHAUSTED'
  /** Cipher suite not defined by RFC 9605 §4.5. */
  | 'UNSUPPORTED_SUITE'
  /** The caller passed a value outside its range (key length, epoch order, layer bits...). */
  | 'INVALID_ARGUMENT';

export class SFrameError extends Error {
  readonly code: SFrameErrorCode;

  constructor(code: SFrameErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'SFrameError';
    this.code = code;
  }
}
