/**
 * Opus in Ogg (RFC 7845): an identification header ({@link io.conclave.cli.media.opus.OpusHead},
 * §5.1) alone on the first page, a comment header ({@link io.conclave.cli.media.opus.OpusTags},
 * §5.2) from the second page, then one Opus packet (RFC 6716) per Ogg packet, audio starting on
 * a fresh page. Granule positions count 48 kHz samples, including the {@code pre-skip} samples the
 * decoder discards at the start (§4). A packet's duration is read from its TOC byte ({@link
 * io.conclave.cli.media.opus.OpusToc}, RFC 6716 §3.1).
 */
package io.conclave.cli.media.opus;
