/**
 * IVF, the simple container libvpx writes: a 32-byte file header, then frames, each a 12-byte
 * header (payload size, timestamp) and the encoded payload. All fields are little-endian.
 *
 * <pre>
 * file header                          frame header
 *  0  "DKIF"                            0  payload size (u32)
 *  4  version = 0 (u16)                 4  timestamp in timebase units (u64)
 *  6  header length = 32 (u16)         12  payload
 *  8  codec FourCC, "VP80" for VP8
 * 12  width, height (u16 each)
 * 16  timebase denominator (u32)       a timestamp t lasts t * numerator / denominator seconds
 * 20  timebase numerator (u32)
 * 24  frame count (u32)
 * 28  unused (u32)
 * </pre>
 *
 * {@link io.conclave.cli.media.ivf.Vp8} reads the few VP8 frame-tag fields (RFC 6386 §9.1) the
 * command line needs: the keyframe flag and the picture size.
 */
package io.conclave.cli.media.ivf;
