package io.conclave.mls.group.proposals;

import io.conclave.mls.framing.Sender;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.PreSharedKey;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.mls.messages.ReInit;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.Update;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses what a member commits (RFC 9420 §12.4): its own new proposals by value, then the cached
 * proposals of the epoch by reference as long as the list stays valid (§12.2): a Remove wins over
 * an Update of the same leaf, the committer's own Updates and Removes of itself are left out, and so
 * are duplicates and ReInits.
 */
public final class ProposalSelection {
  private final List<CachedProposal> proposals = new ArrayList<>();
  private final List<ProposalOrRef> wire = new ArrayList<>();

  private ProposalSelection() {}

  public static ProposalSelection select(List<Proposal> inline, ProposalStore store, boolean includeStored,
      long committerLeaf) {
    ProposalSelection s = new ProposalSelection();
    Sender.Member me = new Sender.Member(committerLeaf);
    Set<Long> touched = new HashSet<>();
    Set<ByteBuffer> addKeys = new HashSet<>();
    Set<ByteBuffer> pskIds = new HashSet<>();
    boolean gce = false;
    for (Proposal p : inline) {
      note(p, touched, addKeys, pskIds);
      gce |= p instanceof GroupContextExtensions;
      s.proposals.add(CachedProposal.inline(p, me));
      s.wire.add(new ProposalOrRef.Inline(p));
    }
    if (!includeStored) {
      return s;
    }
    List<Map.Entry<byte[], CachedProposal>> entries = store.entries();
    for (Map.Entry<byte[], CachedProposal> e : entries) {
      if (e.getValue().proposal() instanceof Remove r && r.removed() != committerLeaf && touched.add(r.removed())) {
        s.proposals.add(e.getValue());
        s.wire.add(new ProposalOrRef.Reference(e.getKey()));
      }
    }
    for (Map.Entry<byte[], CachedProposal> e : entries) {
      CachedProposal c = e.getValue();
      boolean keep = switch (c.proposal()) {
        case Remove r -> false;
        case Update u -> c.sender() instanceof Sender.Member m && m.leafIndex() != committerLeaf
            && touched.add(m.leafIndex());
        case Add a -> addKeys.add(ByteBuffer.wrap(a.keyPackage().leafNode().signatureKey()));
        case PreSharedKey psk -> pskIds.add(ByteBuffer.wrap(psk.psk().toBytes()));
        case GroupContextExtensions g -> {
          boolean first = !gce;
          gce = true;
          yield first;
        }
        case ReInit r -> false;
        default -> false;
      };
      if (keep) {
        s.proposals.add(c);
        s.wire.add(new ProposalOrRef.Reference(e.getKey()));
      }
    }
    return s;
  }

  private static void note(Proposal p, Set<Long> touched, Set<ByteBuffer> addKeys, Set<ByteBuffer> pskIds) {
    switch (p) {
      case Remove r -> touched.add(r.removed());
      case Add a -> addKeys.add(ByteBuffer.wrap(a.keyPackage().leafNode().signatureKey()));
      case PreSharedKey psk -> pskIds.add(ByteBuffer.wrap(psk.psk().toBytes()));
      default -> { }
    }
  }

  public List<CachedProposal> proposals() {
    return List.copyOf(proposals);
  }

  public List<ProposalOrRef> wire() {
    return List.copyOf(wire);
  }
}
