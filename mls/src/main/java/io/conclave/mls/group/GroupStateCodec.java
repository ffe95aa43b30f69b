package io.conclave.mls.group;

import io.conclave.mls.DecodeException;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.codec.DecodeLimits;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.group.state.EpochState;
import io.conclave.mls.schedule.EpochSecrets;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.secrettree.SecretTree;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.tree.TreeState;
import io.conclave.mls.treekem.TreePrivateKeys;
import io.conclave.mls.treemath.LeafIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The saved form of a {@link GroupCore}: a version byte, then the suite, signature key pair,
 * GroupContext, public tree, private tree keys, epoch secrets, secret tree, transcript state,
 * kept resumption PSKs, keys of pending Updates and the cached proposals, in the TLS presentation
 * language. It is secret material throughout.
 */
final class GroupStateCodec {
  private static final int FORMAT_VERSION = 1;

  private GroupStateCodec() {}

  static byte[] encode(GroupCore core) {
    core.requireActive();
    EpochState s = core.current();
    TlsWriter w = new TlsWriter(4096);
    w.writeUint8(FORMAT_VERSION).writeUint16(core.suite().id());
    w.writeOpaque(core.signer().privateKey().unsafeView()).writeOpaque(core.signer().publicKey());
    w.write(s.context()).write(s.tree().toRatchetTree()).writeUint32(s.ownLeaf().value());
    TreePrivateKeys keys = s.keys();
    w.writeList(keys.nodes(), (x, node) -> writeKeyPair(x.writeUint32(node), keys.keyPair(node).orElseThrow()));
    s.secrets().encodeState(w);
    s.secretTree().encodeState(w);
    w.writeOpaque(s.interimTranscriptHash()).writeOpaque(s.confirmationTag());
    w.writeList(List.copyOf(core.psks().kept().entrySet()),
        (x, e) -> x.writeUint64(e.getKey()).writeOpaque(e.getValue().unsafeView()));
    w.writeList(List.copyOf(core.updateKeys().values()), GroupStateCodec::writeKeyPair);
    w.writeList(core.proposals().entries().stream().map(e -> e.getValue().message().orElseThrow()).toList());
    return w.toByteArray();
  }

  private static TlsWriter writeKeyPair(TlsWriter w, HpkeKeyPair pair) {
    return w.writeOpaque(pair.privateKey().unsafeView()).writeOpaque(pair.publicKey());
  }

  private static HpkeKeyPair readKeyPair(TlsReader r) {
    return new HpkeKeyPair(SecretBytes.wrap(r.readOpaque()), r.readOpaque());
  }

  /**
   * @throws DecodeException if the bytes are not a saved group state
   */
  static GroupCore decode(byte[] bytes, GroupConfig config) {
    TlsReader r = new TlsReader(bytes, DecodeLimits.DEFAULT);
    if (r.readUint8() != FORMAT_VERSION) {
      throw new DecodeException("unknown group state format");
    }
    int suiteId = r.readUint16();
    CipherSuite suite = CipherSuites.find(suiteId).orElseThrow(() ->
        new DecodeException("unsupported cipher suite " + suiteId));
    SignatureKeyPair signer = new SignatureKeyPair(SecretBytes.wrap(r.readOpaque()), r.readOpaque());
    GroupContext context = GroupContext.decode(r);
    TreeState tree;
    try {
      tree = TreeState.fromRatchetTree(suite, RatchetTree.decode(r));
    } catch (ProtocolException e) {
      throw new DecodeException("saved tree is malformed: " + e.getMessage());
    }
    LeafIndex own = new LeafIndex(r.readUint32AsInt(tree.leafCount() - 1, "own leaf"));
    Map<Integer, HpkeKeyPair> pairs = new HashMap<>();
    r.readList(x -> pairs.put(x.readUint32AsInt(tree.nodeCount() - 1, "node"), readKeyPair(x)));
    if (!pairs.containsKey(own.nodeIndex())) {
      throw new DecodeException("saved state lacks the leaf key pair");
    }
    TreePrivateKeys keys = TreePrivateKeys.restore(suite, own, pairs);
    EpochSecrets secrets = EpochSecrets.decodeState(suite, r);
    SecretTree secretTree = SecretTree.decodeState(suite, r, config.ratchetConfig());
    EpochState state = new EpochState(suite, context, tree, keys, secrets, secretTree, r.readOpaque(), r.readOpaque());
    GroupCore core = GroupCore.empty(suite, signer, context.groupId(), config);
    r.readList(x -> {
      long epoch = x.readUint64();
      SecretBytes psk = SecretBytes.wrap(x.readOpaque());
      core.psks().remember(epoch, psk);
      psk.destroy();
      return epoch;
    });
    r.readList(GroupStateCodec::readKeyPair).forEach(core::keepUpdateKey);
    List<AuthenticatedContent> proposals = r.readList(AuthenticatedContent::decode);
    r.requireEnd();
    core.resume(state);
    proposals.forEach(p -> core.proposals().add(suite, p));
    return core;
  }
}
