package io.conclave.mls.group.proposals;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentType;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proposals received during the current epoch (RFC 9420 §12.1), by {@code ProposalRef}, in
 * arrival order. Emptied when the epoch ends.
 */
public final class ProposalStore {
  /** {@code RefHash} label of a proposal reference (§5.2). */
  public static final String REF_LABEL = "MLS 1.0 Proposal Reference";

  private final Map<ByteBuffer, CachedProposal> byRef = new LinkedHashMap<>();

  /** {@code ProposalRef = RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent)}. */
  public static byte[] ref(CipherSuite suite, AuthenticatedContent message) {
    return suite.refHash(REF_LABEL, message.toBytes());
  }

  /** Caches a verified proposal message and returns its reference. */
  public byte[] add(CipherSuite suite, AuthenticatedContent message) {
    if (!(message.content().content() instanceof Content.ProposalContent p)
        || message.content().contentType() != ContentType.PROPOSAL) {
      throw new IllegalArgumentException("not a proposal");
    }
    byte[] ref = ref(suite, message);
    byRef.put(ByteBuffer.wrap(ref), new CachedProposal(p.proposal(), message.content().sender(), Optional.of(message)));
    return ref;
  }

  public Optional<CachedProposal> find(byte[] ref) {
    return Optional.ofNullable(byRef.get(ByteBuffer.wrap(ref)));
  }

  /** The cached proposals with their references, in arrival order. */
  public List<Map.Entry<byte[], CachedProposal>> entries() {
    return byRef.entrySet().stream().map(e -> Map.entry(e.getKey().array(), e.getValue())).toList();
  }

  public void clear() {
    byRef.clear();
  }

  public boolean isEmpty() {
    return byRef.isEmpty();
  }
}
