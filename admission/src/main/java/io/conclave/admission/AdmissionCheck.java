package io.conclave.admission;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.Node;
import io.conclave.mls.tree.RatchetTree;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Helpers over the public ratchet tree for the admission decisions (docs/PROTOCOL.md, "Admission"):
 * members by leaf, their leaf nodes and basic identities. The decisions themselves are
 * {@link AdmissionRules}, fed by {@link CommitInspection}.
 */
public final class AdmissionCheck {
  private AdmissionCheck() {}

  /** Leaf index to signature key of every member in {@code tree}. */
  public static Map<Integer, byte[]> members(RatchetTree tree) {
    Map<Integer, byte[]> out = new TreeMap<>();
    leaves(tree).forEach((i, leaf) -> out.put(i, leaf.signatureKey()));
    return out;
  }

  /** Leaf index to leaf node of every non-blank leaf in {@code tree} (leaves at even node indices). */
  public static Map<Integer, LeafNode> leaves(RatchetTree tree) {
    Map<Integer, LeafNode> out = new TreeMap<>();
    List<Optional<Node>> nodes = tree.nodes();
    for (int n = 0; n < nodes.size(); n += 2) {
      if (nodes.get(n).orElse(null) instanceof Node.Leaf leaf) {
        out.put(n / 2, leaf.leafNode());
      }
    }
    return out;
  }

  /** The basic credential's identity, or null for other credential types (never admitted by proof). */
  public static byte[] identityOf(LeafNode leaf) {
    return leaf.credential() instanceof Credential.Basic basic ? basic.identity() : null;
  }
}
