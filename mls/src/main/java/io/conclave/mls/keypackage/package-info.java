/**
 * Key packages (RFC 9420 §10): the wire structure and the bytes its signature covers, creation
 * with private keys ({@link io.conclave.mls.keypackage.KeyPackageBundle}) and the validation of
 * §10.1 that needs no group ({@link io.conclave.mls.keypackage.KeyPackageValidator}, rule ids in
 * {@link io.conclave.mls.Rule}).
 */
package io.conclave.mls.keypackage;
