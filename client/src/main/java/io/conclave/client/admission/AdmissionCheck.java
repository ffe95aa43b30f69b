package io.conclave.client.admission;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.tree.LeafNode;
import io.conclave.mls.tree.Node;
import io.conclave.mls.tree.RatchetTree;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The check every member runs on every commit it applies (docs/PROTOCOL.md, "Admission"): each
 * leaf that is new after the commit (an empty or re-used leaf index, or a known index with another
 * signature key — covering Add proposals, external commits and replaced leaves) must carry a valid
 * invite proof, or the commit must come from a member that was a host in the epoch it was made in.
 * Purely a function of public group state, so every honest member reaches the same verdict.
 */
public final class AdmissionCheck {
  private final String meetingId;
  private final Optional<InviteSecret> secret;

  /**
   * @param secret the invite secret if this member knows it; without it, only host approval can be
   *     confirmed and proof-carrying joiners are reported as {@link Admission.Basis#NONE}
   */
  public AdmissionCheck(String meetingId, Optional<InviteSecret> secret) {
    this.meetingId = meetingId;
    this.secret = secret;
  }

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

  /**
   * Judges every member that {@code after} has and {@code before} had not.
   *
   * @param before the members of the epoch the commit was made in ({@link #members})
   * @param hostsBefore the hosts of that epoch
   * @param committer the commit's sender
   * @param after the ratchet tree of the new epoch
   */
  public List<Admission> judge(Map<Integer, byte[]> before, Optional<Hosts> hostsBefore, Sender committer,
      RatchetTree after) {
    boolean byHost = committer instanceof Sender.Member m && hostsBefore.isPresent()
        && before.containsKey((int) m.leafIndex()) && hostsBefore.get().isHost(before.get((int) m.leafIndex()));
    List<Admission> out = new ArrayList<>();
    leaves(after).forEach((index, leaf) -> {
      byte[] known = before.get(index);
      if (known != null && MessageDigest.isEqual(known, leaf.signatureKey())) {
        return;
      }
      byte[] identity = identityOf(leaf);
      Admission.Basis basis;
      if (identity != null && secret.isPresent() && InviteProof.verify(secret.get(), meetingId, leaf, identity)) {
        basis = Admission.Basis.INVITE_PROOF;
      } else if (byHost) {
        basis = Admission.Basis.HOST_APPROVAL;
      } else {
        basis = Admission.Basis.NONE;
      }
      String name = identity == null ? "" : new String(identity, StandardCharsets.UTF_8);
      out.add(new Admission(index, name, leaf.signatureKey(), basis));
    });
    return out;
  }

  /** The basic credential's identity, or null for other credential types (never admitted by proof). */
  public static byte[] identityOf(LeafNode leaf) {
    return leaf.credential() instanceof Credential.Basic basic ? basic.identity() : null;
  }
}
