package io.conclave.client;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalPub;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import java.util.List;

/**
 * What goes to the relay with a commit (docs/PROTOCOL.md, "commit"): the relay reads the roster
 * change from the commit itself, and wants the next epoch's GroupInfo without {@code external_pub}
 * (nobody may join by external commit), signed by the committer.
 */
final class Commits {
  private Commits() {}

  /** A join request being committed: the participant and the signature key of its KeyPackage. */
  record Joiner(String participant, byte[] signatureKey) {}

  /** {@code groupInfo} (signed by this member) with {@code external_pub} dropped and signed again. */
  static MlsMessage withoutExternalPub(MlsMessage groupInfo, CipherSuite suite, SignatureKeyPair signer) {
    if (!(groupInfo.body() instanceof MlsMessage.GroupInfoBody body)) {
      throw new IllegalStateException("commit output without GroupInfo");
    }
    GroupInfo info = body.groupInfo();
    List<Extension> kept = info.extensions().stream().filter(e -> e.type() != ExternalPub.EXTENSION_TYPE).toList();
    GroupInfo unsigned = new GroupInfo(info.groupContext(), kept, info.confirmationTag(), info.signer(), new byte[0]);
    return new MlsMessage(new MlsMessage.GroupInfoBody(GroupInfoSignature.sign(suite, signer.privateKey(), unsigned)));
  }
}
