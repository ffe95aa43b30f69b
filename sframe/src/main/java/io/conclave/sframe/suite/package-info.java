/**
 * SFrame cipher suites (RFC 9605 §4.5): the constants of each suite, the key and salt derivation of
 * §4.4.2 ({@link io.conclave.sframe.suite.KeyDerivation}) and the AEADs — AES-GCM, and the
 * AES-CTR + HMAC-SHA256 construction with truncated tags of §4.5.1
 * ({@link io.conclave.sframe.suite.FrameAead}).
 *
 * <p>Every primitive comes from the JDK ({@code javax.crypto.Cipher}, {@code Mac}, {@code KDF}).
 */
package io.conclave.sframe.suite;
