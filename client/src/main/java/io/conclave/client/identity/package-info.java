/**
 * Who a participant is across meetings: this device's persistent signature key ({@link
 * io.conclave.client.identity.DeviceIdentity}), readable fingerprints of keys ({@link
 * io.conclave.client.identity.Fingerprint}), others' keys pinned on first sight ({@link
 * io.conclave.client.identity.PinStore}, trust on first use), and the meeting security code
 * ({@link io.conclave.client.identity.SecurityCode}) derived from the MLS epoch authenticator
 * (RFC 9420 §8.7).
 */
package io.conclave.client.identity;
