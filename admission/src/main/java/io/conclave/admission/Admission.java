package io.conclave.admission;

/**
 * How a member that entered the group in a commit was admitted, as every member judges it.
 *
 * @param leafIndex the new member's leaf
 * @param identity its credential identity (UTF-8 name for basic credentials)
 * @param signatureKey its leaf signature key
 * @param basis what admitted it; {@link Basis#NONE} is a violation everyone flags
 */
public record Admission(int leafIndex, String identity, byte[] signatureKey, Basis basis) {
  public Admission {
    signatureKey = signatureKey.clone();
  }

  @Override
  public byte[] signatureKey() {
    return signatureKey.clone();
  }

  public boolean authorised() {
    return basis != Basis.NONE;
  }

  /** Why a new member may be in the group. */
  public enum Basis {
    /** Its leaf carries a valid {@link InviteProof}. */
    INVITE_PROOF,
    /** A host committed its addition (host approval). */
    HOST_APPROVAL,
    /** Neither: the server or a colluding member added it. */
    NONE
  }
}
