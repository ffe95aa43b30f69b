package io.conclave.mls.group;

import io.conclave.mls.codec.WireValues;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.treemath.LeafIndex;

/** One member of the group as its leaf node in the ratchet tree shows it (RFC 9420 §7.2). */
public record Member(LeafIndex leafIndex, Credential credential, byte[] signatureKey, byte[] encryptionKey) {

  public Member {
    signatureKey = signatureKey.clone();
    encryptionKey = encryptionKey.clone();
  }

  @Override
  public byte[] signatureKey() {
    return signatureKey.clone();
  }

  @Override
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return WireValues.equals(this, o);
  }

  @Override
  public int hashCode() {
    return WireValues.hashCode(this);
  }

  @Override
  public String toString() {
    return WireValues.toString(this);
  }
}
