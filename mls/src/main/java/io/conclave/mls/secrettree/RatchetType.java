package io.conclave.mls.secrettree;

/** The two hash ratchets every leaf of the secret tree starts (RFC 9420 §9). */
public enum RatchetType {
  /** Keys for PrivateMessages carrying proposals and commits. */
  HANDSHAKE("handshake"),
  /** Keys for PrivateMessages carrying application data. */
  APPLICATION("application");

  private final String label;

  RatchetType(String label) {
    this.label = label;
  }

  /** The ExpandWithLabel label that derives this ratchet's first secret from the leaf secret. */
  String label() {
    return label;
  }
}
