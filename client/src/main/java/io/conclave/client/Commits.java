package io.conclave.client;

import io.conclave.client.admission.AdmissionCheck;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.protocol.control.RosterEntry;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the relay must know about a commit (docs/PROTOCOL.md, "commit"): which participant got which
 * leaf and which leaves were emptied, read from the new epoch's GroupInfo ratchet tree (RFC 9420
 * §12.4.3.3) so it is exactly what the commit does, including proposals committed by reference.
 */
final class Commits {
  private Commits() {}

  /** A join request being committed: the participant and the signature key of its KeyPackage. */
  record Joiner(String participant, byte[] signatureKey) {}

  static RatchetTree treeOf(MlsMessage groupInfo) {
    if (!(groupInfo.body() instanceof MlsMessage.GroupInfoBody body)) {
      throw new IllegalStateException("commit output without GroupInfo");
    }
    for (Extension e : body.groupInfo().extensions()) {
      if (e.type() == RatchetTree.EXTENSION_TYPE) {
        return TlsReader.decodeFully(e.data(), RatchetTree::decode);
      }
    }
    throw new IllegalStateException("GroupInfo without ratchet_tree: enable GroupConfig.ratchetTreeExtension");
  }

  static List<RosterEntry> added(List<Joiner> joiners, RatchetTree after) {
    Map<Integer, LeafNode> leaves = AdmissionCheck.leaves(after);
    List<RosterEntry> out = new ArrayList<>();
    for (Joiner j : joiners) {
      leaves.forEach((index, leaf) -> {
        if (MessageDigest.isEqual(leaf.signatureKey(), j.signatureKey())) {
          out.add(new RosterEntry(j.participant(), index));
        }
      });
    }
    return out;
  }

  static List<Long> removed(Map<Integer, byte[]> before, RatchetTree after) {
    Map<Integer, byte[]> now = AdmissionCheck.members(after);
    List<Long> out = new ArrayList<>();
    before.forEach((index, key) -> {
      byte[] current = now.get(index);
      if (current == null || !MessageDigest.isEqual(current, key)) {
        out.add((long) index);
      }
    });
    return out;
  }
}
