/**
 * Conclave's implementation of the Messaging Layer Security protocol (RFC 9420).
 *
 * <p>Sub-packages follow the RFC's concepts: {@code codec} (§2.1 presentation language),
 * {@code crypto} (§5 cipher suites), {@code treemath} (Appendix C), {@code schedule} (§8 key schedule),
 * {@code secrettree} (§9), {@code framing} (§6), {@code messages} (§10–§12 structures).
 */
package io.conclave.mls;
