package io.conclave.protocol.control;

/** Range checks shared by the message records; failures surface as malformed messages. */
final class Fields {
  /** A leaf index is an MLS uint32 (RFC 9420 §7.8). */
  static final long MAX_LEAF = 0xffff_ffffL;

  private Fields() {}

  static void requireBytes(byte[] value, String what) {
    if (value == null || value.length == 0) {
      throw new IllegalArgumentException(what + " is required");
    }
  }

  static void requireLeaf(Long leaf) {
    if (leaf == null || leaf < 0 || leaf > MAX_LEAF) {
      throw new IllegalArgumentException("leaf must be a uint32");
    }
  }

  /** A media track code is the uint8 of the media-frame header; which codes mean a track is not checked here. */
  static void requireTrack(int track) {
    if (track < 0 || track > 255) {
      throw new IllegalArgumentException("track must be a uint8");
    }
  }

  /** Epochs are uint64 in MLS; values past 2^63 - 1 never occur in a real meeting. */
  static void requireEpoch(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must not be negative");
    }
  }
}
