/**
 * The binding of MLS and SFrame (DESIGN.md "Media"): each MLS epoch's {@code
 * MLS-Exporter("SFrame 1.0 Base Key", "", Nk)} and roster feed an {@link
 * io.conclave.sframe.mls.MlsSFrameContext} (RFC 9605 §5.2); frames carry the Conclave media header
 * in clear as SFrame metadata. {@link io.conclave.client.media.MediaKeys} keeps the previous epoch
 * for a grace period and holds back frames of an epoch this member has not reached yet, so no
 * frame is lost to a key switch.
 */
package io.conclave.client.media;
