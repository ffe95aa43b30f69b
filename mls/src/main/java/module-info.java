/**
 * Conclave's MLS library (RFC 9420).
 *
 * <p>Exported: the packages an application uses to run a group — the exception family, the codec to
 * read and write messages, credentials, cipher suites, extensions, framing, {@code group} (Group,
 * PublicGroup and their configuration), KeyPackages, the message structs, and the packages whose
 * types appear in those signatures ({@code schedule} for GroupContext, {@code secrettree} for
 * SenderRatchetConfig, {@code tree} for LeafNode, RatchetTree and Capabilities, {@code treemath}
 * for LeafIndex).
 *
 * <p>Not exported: how a commit is created and processed ({@code group.commit}), joining
 * ({@code group.join}), proposal validation and storage ({@code group.proposals}), epoch state
 * ({@code group.state}) and TreeKEM ({@code treekem}).
 */
module io.conclave.mls {
  requires org.bouncycastle.provider;

  exports io.conclave.mls;
  exports io.conclave.mls.codec;
  exports io.conclave.mls.credential;
  exports io.conclave.mls.crypto;
  exports io.conclave.mls.extension;
  exports io.conclave.mls.framing;
  exports io.conclave.mls.group;
  exports io.conclave.mls.keypackage;
  exports io.conclave.mls.messages;
  exports io.conclave.mls.schedule;
  exports io.conclave.mls.secrettree;
  exports io.conclave.mls.tree;
  exports io.conclave.mls.treemath;
}
