/**
 * Cipher suites (RFC 9420 §5.1, §17.1) and the labeled operations of §5 (ExpandWithLabel,
 * DeriveSecret, RefHash, SignWithLabel, EncryptWithLabel). Key material is held in
 * {@link io.conclave.mls.crypto.SecretBytes}.
 *
 * <p>The public API is {@link io.conclave.mls.crypto.CipherSuite} and
 * {@link io.conclave.mls.crypto.CipherSuites}. Internally one suite class combines four small
 * strategies: a hash with its HMAC and HKDF, an AEAD (both from the JDK), a signature scheme
 * (Ed25519/Ed448 or ECDSA over P-256/P-384/P-521) and an HPKE configuration (RFC 9180), the last
 * two from Bouncy Castle.
 */
package io.conclave.mls.crypto;
