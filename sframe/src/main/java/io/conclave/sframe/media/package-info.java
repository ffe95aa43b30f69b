/**
 * Conclave media frames: an 8-byte clear-text {@link io.conclave.sframe.media.MediaFrameHeader}
 * that the relay may read, authenticated as SFrame metadata, followed by the SFrame ciphertext
 * (docs/PROTOCOL.md, "Media frames").
 *
 * <pre>{@code
 * MlsSFrameContext sframe = MlsSFrameContext.create(MlsSFrameConfig.builder().build(), myLeaf);
 * sframe.addEpoch(epoch, SFrameSecret.copyOf(baseKey), leafCount, memberLeafIndices);
 * MediaFrameCodec codec = new MediaFrameCodec(sframe);
 *
 * byte[] wire = codec.protect(new MediaFrameHeader(Track.CAMERA_VIDEO, true, 0, 0, seq), payload);
 * MediaFrame frame = codec.unprotect(wire);   // frame.header(), frame.senderIndex(), frame.payload()
 * }</pre>
 *
 * Hot path: {@code codec.protect(header, payload, off, len, out, outOff)} and
 * {@code codec.unprotect(frame, off, len, out, outOff)} into caller-owned arrays sized with
 * {@code maxFrameLength}.
 */
package io.conclave.sframe.media;
