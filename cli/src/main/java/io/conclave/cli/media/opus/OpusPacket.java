package io.conclave.cli.media.opus;

import java.util.Objects;

/**
 * One Opus packet of an Ogg Opus stream.
 *
 * @param granuleStart the granule position (48 kHz samples, pre-skip included) where it starts
 * @param samples its duration in 48 kHz samples, from its TOC byte
 * @param timestampMicros its start on the playback timeline: pre-skip removed, so the first
 *     packet of a file starts slightly before 0
 * @param data the packet, not copied
 */
public record OpusPacket(long granuleStart, int samples, long timestampMicros, byte[] data) {
  public OpusPacket {
    Objects.requireNonNull(data, "data");
  }
}
