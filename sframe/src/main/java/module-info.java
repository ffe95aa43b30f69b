/**
 * Conclave's SFrame library (RFC 9605) and its MLS key schedule (§5.2).
 *
 * <p>Exported: the exception family and {@link io.conclave.sframe.SFrameSecret}, media framing
 * ({@code media}), the MLS-keyed context ({@code mls}), the cipher suites its configuration names
 * ({@code suite}) and header parsing for routing by key id ({@code header}). Not exported: the
 * low-level per-key context ({@code context}).
 */
module io.conclave.sframe {
  exports io.conclave.sframe;
  exports io.conclave.sframe.header;
  exports io.conclave.sframe.media;
  exports io.conclave.sframe.mls;
  exports io.conclave.sframe.suite;
}
