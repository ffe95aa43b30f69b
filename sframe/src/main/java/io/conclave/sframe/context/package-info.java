/**
 * The SFrame encryption schema of RFC 9605 §4.4 for one KID: a
 * {@link io.conclave.sframe.context.KeyContext} holds the derived {@code sframe_key} and
 * {@code sframe_salt}, forms nonces from counters and turns plaintext into SFrame ciphertext
 * ({@code header || AEAD ciphertext || tag}) and back. It does not choose counters or KIDs: that is
 * the key manager's job ({@link io.conclave.sframe.mls}).
 */
package io.conclave.sframe.context;
