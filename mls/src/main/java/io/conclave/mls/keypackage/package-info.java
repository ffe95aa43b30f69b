/**
 * Key packages (RFC 9420 §10): the wire structure and the bytes its signature covers. Computing
 * a {@code KeyPackageRef} and validating a key package (§10.1) need a cipher suite and happen
 * where one is at hand.
 */
package io.conclave.mls.keypackage;
