/**
 * Credentials (RFC 9420 §5.3): the {@code basic} and {@code x509} credential wire structures.
 * Checking that a credential is acceptable is the application's job (§5.3.1), not this package's.
 */
package io.conclave.mls.credential;
