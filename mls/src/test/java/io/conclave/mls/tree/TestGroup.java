package io.conclave.mls.tree;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.messages.UpdatePath;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.treekem.PreparedUpdatePath;
import io.conclave.mls.treekem.TreeKem;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A public tree grown the way a group grows it (adds, removes, commits with UpdatePaths), so that
 * parent hashes and unmerged leaves are those of a real group. Private keys are not tracked.
 */
public final class TestGroup {
  public static final byte[] GROUP_ID = "test group".getBytes(StandardCharsets.US_ASCII);

  private final CipherSuite suite;
  private final TreeState tree;
  private final Map<LeafIndex, TestMember> members = new HashMap<>();

  public TestGroup(CipherSuite suite) {
    this.suite = suite;
    TestMember first = TestMember.create(suite, "member 0");
    this.tree = TreeState.withFirstLeaf(suite, first.leaf());
    members.put(new LeafIndex(0), first);
  }

  public TreeState tree() {
    return tree;
  }

  public TestMember member(LeafIndex leaf) {
    return members.get(leaf);
  }

  public LeafIndex add(TestMember member) {
    LeafIndex leaf = tree.addLeaf(member.leaf());
    members.put(leaf, member);
    return leaf;
  }

  public LeafIndex add(String name) {
    return add(TestMember.create(suite, name));
  }

  public void remove(LeafIndex leaf) {
    tree.removeLeaf(leaf);
    members.remove(leaf);
  }

  /** A commit with an UpdatePath from {@code sender}; returns the path as sent. */
  public UpdatePath commit(LeafIndex sender) {
    PreparedUpdatePath prepared = TreeKem.createUpdatePath(tree, sender, tree.leaf(sender).orElseThrow(),
        members.get(sender).signatureKeys().privateKey(), GROUP_ID, Set.of());
    UpdatePath path = prepared.encrypt(context(tree.treeHash()));
    prepared.destroy();
    prepared.privateKeys().destroy();
    return path;
  }

  public GroupContext context(byte[] treeHash) {
    return new GroupContext(1, suite.id(), GROUP_ID, 1, treeHash, new byte[0], List.of());
  }
}
