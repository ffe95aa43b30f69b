/**
 * The MLS Delivery Service of a meeting (RFC 9420 §16.10; DESIGN.md "Meeting lifecycle" steps 2-4):
 * {@link io.conclave.server.ds.DeliveryService} orders commits per epoch, routes Welcomes and
 * proposals, keeps the latest GroupInfo, and proposes Remove as the group's external sender
 * ({@link io.conclave.server.ds.ExternalSenderKey}). It reads only the clear fields of MLS
 * messages ({@link io.conclave.server.ds.MlsEnvelope}) and holds no group key.
 */
package io.conclave.server.ds;
