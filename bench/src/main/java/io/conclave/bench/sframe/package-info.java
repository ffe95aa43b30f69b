/**
 * SFrame benchmarks (module {@code sframe}): Conclave media frames with suite 0x0004 next to raw
 * {@code javax.crypto} AES-128-GCM on the same buffers, at 100 B, 1,200 B, 16 KiB and 64 KiB.
 */
package io.conclave.bench.sframe;
