package io.conclave.client;

import io.conclave.sframe.media.MediaFrameHeader;

/**
 * A decrypted media frame.
 *
 * @param senderLeaf the sender's leaf index, from the SFrame KID (RFC 9605 §5.2)
 * @param senderName the sender's name in that epoch's roster
 * @param header the clear header, authenticated as SFrame metadata
 * @param epoch the MLS epoch whose key protected it
 */
public record ReceivedFrame(int senderLeaf, String senderName, MediaFrameHeader header, long epoch, byte[] payload) {
  public ReceivedFrame {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }
}
