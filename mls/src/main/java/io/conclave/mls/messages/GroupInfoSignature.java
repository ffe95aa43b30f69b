package io.conclave.mls.messages;

import io.conclave.mls.CryptoException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;

/** {@code SignWithLabel(., "GroupInfoTBS", GroupInfoTBS)} over a GroupInfo (RFC 9420 §12.4.3). */
public final class GroupInfoSignature {
  static final String LABEL = "GroupInfoTBS";

  private GroupInfoSignature() {}

  /** Signs the to-be-signed part of {@code unsigned} and returns the GroupInfo with that signature. */
  public static GroupInfo sign(CipherSuite suite, SecretBytes signerPrivateKey, GroupInfo unsigned) {
    byte[] signature = suite.signWithLabel(signerPrivateKey, LABEL, unsigned.toBeSigned());
    return new GroupInfo(unsigned.groupContext(), unsigned.extensions(), unsigned.confirmationTag(),
        unsigned.signer(), signature);
  }

  /** @throws CryptoException if the signature does not verify under {@code signerPublicKey} */
  public static void verify(CipherSuite suite, byte[] signerPublicKey, GroupInfo groupInfo) {
    if (!suite.verifyWithLabel(signerPublicKey, LABEL, groupInfo.toBeSigned(), groupInfo.signature())) {
      throw new CryptoException("RFC9420 §12.4.3: GroupInfo signature does not verify");
    }
  }
}
