/**
 * The recorder: writes each participant's decrypted frames, one playable file per participant
 * and track — IVF for VP8 video, Ogg Opus for audio. Video files start at the first keyframe
 * received (a decoder cannot start elsewhere), so frames before it are not written: the documented
 * startup gap. Audio files start with the first packet received. IVF frames are timed by arrival
 * from the file's first frame; on close the header gets the frame count and the average frame
 * period as its timebase (timestamps rescaled), so count and duration read right everywhere. Ogg
 * granule positions follow the packets' own durations (RFC 7845 §4).
 */
package io.conclave.cli.record;
