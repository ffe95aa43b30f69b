package io.conclave.mls.group;

/** Serialisation of a group's state (in progress). */
final class GroupStateCodec {
  private GroupStateCodec() {}

  static byte[] encode(GroupCore core) {
    throw new UnsupportedOperationException("state serialisation is not implemented yet");
  }

  static GroupCore decode(byte[] bytes, GroupConfig config) {
    throw new UnsupportedOperationException("state serialisation is not implemented yet");
  }
}
