package io.conclave.cli.media.ogg;

import java.util.Objects;

/**
 * A packet of an Ogg logical bitstream.
 *
 * @param granule the granule position of the page this packet finishes on if it is the last
 *     packet finished there (RFC 3533 §6), else -1
 * @param freshPage true if the packet starts at the beginning of a page
 */
public record OggPacket(byte[] data, long granule, boolean freshPage) {
  public OggPacket {
    Objects.requireNonNull(data, "data");
  }
}
