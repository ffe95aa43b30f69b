/**
 * Encoded media files the command line reads and writes: VP8 in IVF ({@link
 * io.conclave.cli.media.ivf}), Opus in Ogg ({@link io.conclave.cli.media.ogg}, {@link
 * io.conclave.cli.media.opus}). Frames stay encoded; nothing here decodes pictures or sound.
 * Every reader bounds what it allocates and rejects a malformed file with {@link
 * MalformedMediaException}.
 */
package io.conclave.cli.media;
