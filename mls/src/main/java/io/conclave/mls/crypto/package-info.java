/**
 * Cipher suites (RFC 9420 §5.1) and the labeled operations of §5 (ExpandWithLabel, DeriveSecret,
 * RefHash, SignWithLabel, EncryptWithLabel). Key material is held in
 * {@link io.conclave.mls.crypto.SecretBytes}.
 *
 * <p>AES-GCM, ChaCha20-Poly1305, SHA-2, HMAC and HKDF come from the JDK; X25519, Ed25519, the
 * NIST curves and HPKE (RFC 9180) from Bouncy Castle.
 */
package io.conclave.mls.crypto;
