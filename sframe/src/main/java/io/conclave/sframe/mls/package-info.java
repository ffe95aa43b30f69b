/**
 * SFrame keys from MLS (RFC 9605 §5.2), without depending on an MLS implementation: the caller
 * passes each epoch's base key (exported by its MLS stack) and roster to an
 * {@link io.conclave.sframe.mls.MlsSFrameContext}.
 *
 * <pre>{@code
 * MlsSFrameConfig config = MlsSFrameConfig.builder()            // suite 0x0004, E = 4, 5 s grace,
 *     .gracePeriod(Duration.ofSeconds(5))                       // 128-counter replay window
 *     .build();
 * MlsSFrameContext sframe = MlsSFrameContext.create(config, myLeafIndex);
 *
 * // On every new MLS epoch (base key = MLS-Exporter("SFrame 1.0 Base Key", "", Nk)):
 * sframe.addEpoch(epoch, SFrameSecret.copyOf(baseKey), leafCount, memberLeafIndices);
 *
 * byte[] out = new byte[sframe.maxFrameLength(plaintext.length)];
 * int n = sframe.protect(metadata, 0, metadata.length, plaintext, 0, plaintext.length, out, 0);
 *
 * int m = sframe.unprotect(metadata, 0, metadata.length, frame, 0, frame.length, plain, 0);
 * int sender = sframe.lastSenderIndex();
 * }</pre>
 */
package io.conclave.sframe.mls;
