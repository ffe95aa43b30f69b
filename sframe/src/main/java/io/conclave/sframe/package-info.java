/**
 * SFrame (RFC 9605): end-to-end encryption of media frames, keyed by MLS.
 *
 * <p>Packages, bottom up:
 * <ul>
 *   <li>{@code header} — the SFrame header (§4.3);
 *   <li>{@code suite} — cipher suites, key/salt derivation and the AEADs (§4.4.2, §4.5);
 *   <li>{@code context} — encryption and decryption for one KID (§4.4.3, §4.4.4);
 *   <li>{@code mls} — per-epoch keys, KIDs, counters, replay windows from MLS (§5.2);
 *   <li>{@code media} — Conclave media frames (docs/PROTOCOL.md, "Media frames").
 * </ul>
 * This package holds what they share: the exception family {@link io.conclave.sframe.SFrameException}
 * and the secret type {@link io.conclave.sframe.SFrameSecret}.
 *
 * <h2>Usage (one group member)</h2>
 * <pre>{@code
 * MlsSFrameConfig config = MlsSFrameConfig.builder()      // defaults: AES_128_GCM_SHA256_128 (0x0004),
 *     .build();                                           // E = 4, 5 s grace, 128-counter window
 * MlsSFrameContext sframe = MlsSFrameContext.create(config, myLeafIndex);
 * MediaFrameCodec codec = new MediaFrameCodec(sframe);
 *
 * // Each MLS epoch: baseKey = MLS-Exporter("SFrame 1.0 Base Key", "", 16) for suite 0x0004,
 * // groupSize = the ratchet tree's leaf count, roster = the members' leaf indices.
 * sframe.addEpoch(epoch, SFrameSecret.copyOf(baseKey), groupSize, roster);
 *
 * // Send
 * byte[] wire = codec.protect(new MediaFrameHeader(Track.AUDIO, false, 0, 0, seq), opus);
 * // Receive; throws an SFrameException subclass on any failure
 * MediaFrame frame = codec.unprotect(wire);
 * }</pre>
 *
 * Every class that encrypts reuses one JDK {@code Cipher} per key and is <b>not thread-safe</b>.
 */
package io.conclave.sframe;
