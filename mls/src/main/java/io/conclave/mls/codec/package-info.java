/**
 * The TLS presentation language as RFC 9420 §2.1 uses it: fixed-width integers, variable-length
 * integers (§2.1.2), vectors and optionals. Decoding is bounded ({@link io.conclave.mls.codec.DecodeLimits})
 * and fails only with {@link io.conclave.mls.DecodeException}.
 */
package io.conclave.mls.codec;
