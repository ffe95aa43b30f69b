/**
 * The Ogg bitstream format (RFC 3533): packets cut into 255-byte lacing segments and carried in
 * pages, each page with a 27-byte header, a segment table and a CRC-32.
 *
 * <pre>
 *  0  "OggS"                       capture pattern (RFC 3533 §6)
 *  4  version = 0
 *  5  header type: 0x01 continued packet, 0x02 first page (BOS), 0x04 last page (EOS)
 *  6  granule position (i64, codec-defined; -1: no packet ends on this page)
 * 14  bitstream serial number (u32)
 * 18  page sequence number (u32)
 * 22  CRC-32 of the whole page with this field zero (u32)
 * 26  number of segments n, then n lacing values; a value below 255 ends a packet
 * </pre>
 *
 * All fields are little-endian. {@link io.conclave.cli.media.ogg.OggPacketReader} reassembles
 * packets from pages; {@link io.conclave.cli.media.ogg.OggPageWriter} cuts them back.
 */
package io.conclave.cli.media.ogg;
