/**
 * The Conclave relay server (DESIGN.md, "Components"). Layers, each depending only on those below:
 * {@code store} (persistence), {@code media} (forwarding, no meetings), {@code routing}
 * (participant connections), {@code ds} (MLS delivery service), {@code meeting} (wires them per
 * meeting), {@code transport} (Netty), {@code metrics}; {@link io.conclave.server.ConclaveServer}
 * wires everything by hand and {@link io.conclave.server.Main} is thin.
 */
package io.conclave.server;
